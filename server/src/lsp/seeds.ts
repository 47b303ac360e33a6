/**
 * What the index derived at the server's last start from nothing: the cross-object, NetworkPolicy
 * and Gateway API findings of every plain index (core/workspace.ts `IndexSeed`). It is stored with
 * a hash of every input (the session's settings and configurations, each file's name and text hash
 * in scan order), and a later start whose inputs hash the same hands it to its indexes while it
 * builds them: they take those findings instead of computing them, so objects' models are not read
 * at start. Any other change to the index before the scan ends (an edit, a render, new settings)
 * ends the seeding first; from then on everything is computed.
 */
import type { SourceFile } from '../core/model';
import type { ScopedRepository } from '../core/units/scoped';
import type { IndexSeed, WorkspaceIndex } from '../core/workspace';
import { CheckStore, runKey, textHash } from '../node/cache';
import type { CacheFolder } from '../node/cache';

interface StoredSeeds {
  /** The hash of the inputs the seeds were derived from. */
  readonly key: string;
  /** By scope key: its plain index's seed. */
  readonly scopes: Readonly<Record<string, IndexSeed>>;
}

export class Seeds {
  private readonly store: CheckStore<StoredSeeds>;
  private key: string | undefined;
  private given: StoredSeeds | undefined;
  private readonly active = new Set<WorkspaceIndex>();
  /** How many times the index changed other than by a scan's own batches. */
  private changes = 0;

  /** @param workspace what tells this workspace apart in a shared cache folder (its folders). */
  constructor(folder: CacheFolder, workspace: string) {
    this.store = new CheckStore<StoredSeeds>(folder, workspace, 'index');
    this.fileName = CheckStore.fileName(workspace, 'index');
  }

  /** The cache file the seeds are kept in, for `CacheFolder.prefetch`. */
  readonly fileName: string;

  /**
   * A scan into an empty index starts: the key of its inputs, and the seeds stored for that key,
   * if any. `hashes` are the files' text hashes as the cache knows them; open documents are hashed
   * here; `since` is what `mark` said when the scan started. True when there are seeds to hand out.
   */
  begin(context: string, sources: readonly SourceFile[], hashes: ReadonlyMap<string, string>, since: number): boolean {
    this.end();
    this.given = undefined;
    this.key = undefined;
    // The index changed since the scan started (an edit arrived while it read): it is not built from these inputs alone.
    if (since !== this.changes) return false;
    const parts = [context];
    for (const source of sources) {
      const hash = source.editing ? `open ${textHash(source.text)}` : hashes.get(source.path);
      if (hash === undefined) {
        this.key = undefined;
        return false;
      }
      parts.push(`${source.path}\u0000${hash}`);
    }
    this.key = runKey(parts);
    const stored = this.store.get(isStoredSeeds);
    if (stored?.key === this.key) this.given = stored;
    return this.given !== undefined;
  }

  /** Hands the seeds to the plain indexes that have not had them yet (scopes may appear as files arrive). */
  install(index: ScopedRepository): void {
    if (!this.given) return;
    for (const { key, index: plain } of index.plainIndexes()) {
      const seed = this.given.scopes[key];
      if (!seed || this.active.has(plain)) continue;
      plain.useSeed(seed);
      this.active.add(plain);
    }
  }

  /** Where the count of changes stands: a scan notes it when it starts. */
  mark(): number {
    return this.changes;
  }

  /**
   * The index is about to change other than by a scan's own batches (an edit, a render, other
   * settings, watched files): seeding ends, and a scan under way neither takes nor keeps seeds.
   */
  changed(): void {
    this.changes++;
    this.end();
  }

  /** Ends the seeding: every index computes from here on. How many objects took their findings from the seeds. */
  end(): number {
    let taken = 0;
    for (const plain of this.active) {
      plain.dropSeed();
      taken += plain.seeded;
    }
    this.active.clear();
    this.given = undefined;
    return taken;
  }

  /**
   * After a scan from nothing that had no seeds: what its indexes derived, under the key `begin`
   * computed; nothing when the index changed since the scan started (`since`, from `mark`). It is
   * taken now, before any render lands; `save` writes it.
   */
  capture(index: ScopedRepository, since: number): StoredSeeds | undefined {
    if (this.key === undefined || since !== this.changes) return undefined;
    return { key: this.key, scopes: Object.fromEntries(index.plainIndexes().map(({ key, index: plain }) => [key, plain.exportSeed()])) };
  }

  save(seeds: StoredSeeds): boolean {
    return this.store.set(seeds);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The shape of stored seeds (the file's digest and the engine stamp were checked before). */
function isStoredSeeds(value: unknown): value is StoredSeeds {
  if (!isRecord(value) || typeof value.key !== 'string' || !isRecord(value.scopes)) return false;
  return Object.values(value.scopes).every((seed) => isRecord(seed) && isRecord(seed.objects) && isRecord(seed.files) && isRecord(seed.policy) && isRecord(seed.gateway) && Object.values(seed.objects).every(Array.isArray));
}
