/**
 * The files a route names (the Service's, every hop's and every hop link's): the only files the
 * route view may ask the extension to reveal.
 */
import type { RouteModel } from '../../server/src/protocol/route';

export function routeFiles(model: RouteModel): Set<string> {
  const files = new Set<string>([model.service.file]);
  for (const lane of model.lanes) {
    for (const hop of lane.hops) {
      if (hop.file) files.add(hop.file);
      for (const link of hop.links ?? []) files.add(link.file);
    }
  }
  return files;
}
