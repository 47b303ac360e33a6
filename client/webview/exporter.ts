/**
 * Turns the drawn SVG into files that stand on their own: theme colours (CSS variables in the
 * webview) are resolved and written inline, so the SVG looks the same outside VS Code; the PNG is
 * that SVG painted on a canvas at twice the size.
 */

const styled = ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'font-family', 'font-size', 'font-weight', 'font-style', 'opacity'] as const;

/**
 * A standalone SVG document of `svg` as it looks now; `footer` lines (what italics mean, say) are
 * written under the drawing, so that the file says what the panel's legend says.
 */
export function standaloneSvg(svg: SVGSVGElement, footer: readonly string[] = []): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const originals = [svg, ...svg.querySelectorAll('*')];
  const copies = [copy, ...copy.querySelectorAll('*')];
  originals.forEach((original, index) => {
    const computed = getComputedStyle(original);
    const target = copies[index] as SVGElement;
    const declarations = styled.map((property) => `${property}:${computed.getPropertyValue(property)}`).join(';');
    target.setAttribute('style', declarations);
    target.removeAttribute('class');
    target.removeAttribute('tabindex');
  });
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  if (footer.length > 0) {
    const [x, y, width, height] = (copy.getAttribute('viewBox') ?? `0 0 ${copy.getAttribute('width')} ${copy.getAttribute('height')}`).split(' ').map(Number);
    // Lines as wide as the drawing (about 6.6 px a character at 12 px).
    const perLine = Math.max(40, Math.floor((width - 40) / 6.6));
    footer = footer.flatMap((line) => {
      const lines: string[] = [];
      let current = '';
      for (const word of line.split(' ')) {
        if (current && current.length + 1 + word.length > perLine) {
          lines.push(current);
          current = word;
        } else current = current ? `${current} ${word}` : word;
      }
      return current ? [...lines, current] : lines;
    });
    const lineHeight = 18;
    const extra = footer.length * lineHeight + 12;
    const color = getComputedStyle(document.body).color;
    const font = getComputedStyle(document.body).fontFamily;
    footer.forEach((line, index) => {
      const text = document.createElementNS('http://www.w3.org/2000/svg', 'text');
      text.setAttribute('x', String(x + 20));
      text.setAttribute('y', String(y + height + lineHeight * (index + 1)));
      text.setAttribute('style', `fill:${color};font-family:${font};font-size:12px;font-style:italic`);
      text.textContent = line;
      copy.append(text);
    });
    copy.setAttribute('viewBox', `${x} ${y} ${width} ${height + extra}`);
    copy.setAttribute('height', String(Number(copy.getAttribute('height') ?? height) + extra));
  }
  const background = getComputedStyle(document.body).backgroundColor;
  const backdrop = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  backdrop.setAttribute('width', '100%');
  backdrop.setAttribute('height', '100%');
  backdrop.setAttribute('style', `fill:${background}`);
  copy.insertBefore(backdrop, copy.firstChild);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}\n`;
}

/** A PNG data: URL of the standalone SVG, painted at `scale`. */
export function pngDataUrl(svgText: string, width: number, height: number, scale = 2): Promise<string> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = Math.ceil(width * scale);
      canvas.height = Math.ceil(height * scale);
      const context = canvas.getContext('2d');
      if (!context) return reject(new Error('no 2D canvas'));
      context.scale(scale, scale);
      context.drawImage(image, 0, 0);
      resolve(canvas.toDataURL('image/png'));
    };
    image.onerror = () => reject(new Error('the SVG could not be painted'));
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText)}`;
  });
}
