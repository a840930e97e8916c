import { escapeHtml } from './escape-html.js';

/** One bar: a series (an agent) in a group (a task class), with its value in [0, 1]. */
export interface Bar {
  readonly group: string;
  readonly series: string;
  readonly value: number;
  /** Study figures are drawn hatched-light so they read as the reference, not as a result. */
  readonly reference: boolean;
}

const WIDTH = 720;
const HEIGHT = 260;
const TOP = 20;
const BOTTOM = 60;
const LEFT = 40;
const COLORS = ['#1f6feb', '#2da44e', '#bf8700', '#8250df', '#cf222e'];

/**
 * An inline SVG bar chart of success rates: one group per task class, one bar per series, the y axis
 * from 0 to 1. Self-contained (no script, no external font); every bar carries its figures as data
 * attributes and a <title>, so it can be read by people and by tests.
 */
export function barChart(bars: readonly Bar[], title: string): string {
  const groups = [...new Set(bars.map((bar) => bar.group))];
  const series = [...new Set(bars.map((bar) => bar.series))];
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const groupWidth = (WIDTH - LEFT - 10) / Math.max(groups.length, 1);
  const barWidth = Math.max(4, (groupWidth - 20) / Math.max(series.length, 1));
  const color = (name: string) => COLORS[series.indexOf(name) % COLORS.length]!;
  const parts: string[] = [];
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    const y = TOP + plotHeight * (1 - tick);
    parts.push(`<line x1="${LEFT}" x2="${WIDTH - 10}" y1="${y}" y2="${y}" stroke="#d0d7de" stroke-width="1"/>`, `<text x="${LEFT - 6}" y="${y + 4}" text-anchor="end" font-size="11">${tick.toFixed(2)}</text>`);
  }
  groups.forEach((group, groupIndex) => {
    const x0 = LEFT + groupIndex * groupWidth + 10;
    series.forEach((name, seriesIndex) => {
      const bar = bars.find((candidate) => candidate.group === group && candidate.series === name);
      if (!bar) return;
      const height = Math.max(0, Math.min(1, bar.value)) * plotHeight;
      const x = x0 + seriesIndex * barWidth;
      parts.push(`<rect class="bar${bar.reference ? ' reference' : ''}" data-group="${escapeHtml(group)}" data-series="${escapeHtml(name)}" data-value="${bar.value}" x="${x.toFixed(1)}" y="${(TOP + plotHeight - height).toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${height.toFixed(1)}" fill="${color(name)}"${bar.reference ? ' fill-opacity="0.35" stroke="' + color(name) + '"' : ''}><title>${escapeHtml(`${name}, ${group}: SR ${bar.value.toFixed(2)}`)}</title></rect>`);
    });
    parts.push(`<text x="${(x0 + (series.length * barWidth) / 2).toFixed(1)}" y="${HEIGHT - BOTTOM + 16}" text-anchor="middle" font-size="12">${escapeHtml(group)}</text>`);
  });
  series.forEach((name, index) => {
    const x = LEFT + (index % 4) * 170;
    const y = HEIGHT - 22 + Math.floor(index / 4) * 14;
    const reference = bars.some((bar) => bar.series === name && bar.reference);
    parts.push(`<rect x="${x}" y="${y - 9}" width="10" height="10" fill="${color(name)}"${reference ? ' fill-opacity="0.35"' : ''}/><text x="${x + 14}" y="${y}" font-size="11">${escapeHtml(name)}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${WIDTH} ${HEIGHT + 10}" width="${WIDTH}" height="${HEIGHT + 10}"><title>${escapeHtml(title)}</title>${parts.join('')}</svg>`;
}
