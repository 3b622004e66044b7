import type { Element, Root } from 'hast';
import { imageSize } from 'image-size';
import { visit } from 'unist-util-visit';
import type { DocumentAsset } from '../markdown/images.ts';
import { PITCH, TYPE_AREA } from './view.ts';

/** CSS pixels per mm: an image without a print size is shown at 96 px per inch, as in the browser. */
const PX_PER_MM = 96 / 25.4;

/**
 * Every figure image a whole number of grid lines high (GB/T 9704's 22-line
 * grid must hold below it): its natural size, at most the type area's width,
 * with the height rounded to the nearest line (at least one) and the width
 * following the aspect ratio. Images whose size cannot be read are left alone.
 */
export function snapFiguresToGrid(tree: Root, images: readonly DocumentAsset[]): void {
  const bytesOf = new Map(images.map((image) => [image.urlPath, image.bytes]));
  visit(tree, 'element', (node: Element) => {
    if (node.tagName !== 'img') return;
    const bytes = bytesOf.get(decodeURIComponent(String(node.properties['src'] ?? '')));
    if (!bytes) return;
    let size: { width?: number; height?: number };
    try {
      size = imageSize(bytes);
    } catch {
      return;
    }
    if (!size.width || !size.height) return;
    const ratio = size.height / size.width;
    const width = Math.min(TYPE_AREA.width, size.width / PX_PER_MM);
    let lines = Math.max(1, Math.round((width * ratio) / PITCH));
    if ((lines * PITCH) / ratio > TYPE_AREA.width) lines = Math.max(1, Math.floor((TYPE_AREA.width * ratio) / PITCH));
    const height = lines * PITCH;
    node.properties['style'] = `height: ${height.toFixed(3)}mm; width: ${Math.min(TYPE_AREA.width, height / ratio).toFixed(3)}mm`;
  });
}
