/** A chart saved as a file: its SVG as drawn, or that SVG rasterised to PNG at twice its size for print. */
import type { EChartsType } from './echarts';

function save(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked after the click has handed the blob to the download.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

function svgBlob(chart: EChartsType): Blob {
  return new Blob([chart.renderToSVGString()], { type: 'image/svg+xml' });
}

export function downloadSvg(chart: EChartsType, fileName: string) {
  save(svgBlob(chart), `${fileName}.svg`);
}

export async function downloadPng(chart: EChartsType, fileName: string, scale = 2) {
  const url = URL.createObjectURL(svgBlob(chart));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = chart.getWidth() * scale;
    canvas.height = chart.getHeight() * scale;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    const png = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!png) throw new Error('The browser could not make a PNG of the chart');
    save(png, `${fileName}.png`);
  } finally {
    URL.revokeObjectURL(url);
  }
}
