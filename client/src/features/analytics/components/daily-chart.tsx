import { useId, type ReactNode } from 'react';
import type { Report } from '@crm/shared/missive/analytics';
import { formatCount, formatDay } from '../utils/format';

type Day = Report['by_day'][number];

/**
 * Three series told apart by colour, dash and marker shape, so the chart
 * reads without colour too (and in print).
 */
const SERIES = [
  { field: 'messages_received', label: 'Messages received', name: 'received', dash: undefined },
  { field: 'messages_sent', label: 'Messages sent', name: 'sent', dash: '8 4' },
  { field: 'conversations_closed', label: 'Conversations closed', name: 'closed', dash: '2 4' },
] as const;
type Series = (typeof SERIES)[number];

const WIDTH = 720;
const HEIGHT = 280;
const MARGIN = { top: 16, right: 24, bottom: 40, left: 48 };
const PLOT_WIDTH = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_HEIGHT = HEIGHT - MARGIN.top - MARGIN.bottom;
/** More date labels than this collide at narrow widths. */
const MAX_X_LABELS = 8;
const MAX_MARKED_DAYS = 62;

/**
 * The report's day-by-day figures as a line chart. The SVG is one image to
 * assistive technology, named by its title and summarised in its
 * description (totals and busiest days); the exact figures are in the
 * "By day" table the caption points to.
 */
export function DailyChart({ days, tableId }: { days: readonly Day[]; tableId: string }) {
  const id = useId();
  if (days.length === 0) return null;
  const peak = Math.max(0, ...days.flatMap((day) => SERIES.map((series) => day[series.field])));
  const { max, ticks } = valueAxis(peak);
  const x = (index: number) =>
    MARGIN.left + (days.length === 1 ? PLOT_WIDTH / 2 : (index * PLOT_WIDTH) / (days.length - 1));
  const y = (value: number) => MARGIN.top + PLOT_HEIGHT - (value / max) * PLOT_HEIGHT;
  const labelled = labelledIndexes(days.length);
  // Past two months the markers merge into a smear; the dashes still tell the lines apart.
  const markers = days.length <= MAX_MARKED_DAYS;

  return (
    <figure className="analytics-chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
        className="analytics-chart-svg"
      >
        <title id={`${id}-title`}>
          Messages received, messages sent and conversations closed per day
        </title>
        <desc id={`${id}-desc`}>{describeDays(days)}</desc>
        <g className="analytics-chart-axis">
          {ticks.map((tick) => (
            <g key={tick}>
              <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} />
              <text x={MARGIN.left - 8} y={y(tick)} textAnchor="end" dominantBaseline="middle">
                {formatCount(tick)}
              </text>
            </g>
          ))}
          {days.map((day, index) =>
            labelled.has(index) ? (
              <text key={day.date} x={x(index)} y={HEIGHT - 12} textAnchor="middle">
                {formatDay(day.date, { year: undefined })}
              </text>
            ) : null,
          )}
        </g>
        {SERIES.map((series) => (
          <g key={series.name} className={`analytics-series analytics-series-${series.name}`}>
            <polyline
              points={days.map((day, index) => `${x(index)},${y(day[series.field])}`).join(' ')}
              strokeDasharray={series.dash}
            />
            {(markers ? days : []).map((day, index) => (
              <Marker key={day.date} series={series} cx={x(index)} cy={y(day[series.field])}>
                <title>
                  {`${formatDay(day.date)}: ${formatCount(day[series.field])} ${series.label.toLowerCase()}`}
                </title>
              </Marker>
            ))}
          </g>
        ))}
      </svg>
      <figcaption>
        <ul className="analytics-legend" aria-label="Legend">
          {SERIES.map((series) => (
            <li key={series.name} className={`analytics-series-${series.name}`}>
              <svg width="28" height="12" aria-hidden="true" className="analytics-series">
                <line x1="2" x2="26" y1="6" y2="6" strokeDasharray={series.dash} />
                <Marker series={series} cx={14} cy={6} />
              </svg>
              {series.label}
            </li>
          ))}
        </ul>
        <p className="analytics-muted">
          The exact figures are in the <a href={`#${tableId}`}>By day</a> table.
        </p>
      </figcaption>
    </figure>
  );
}

function Marker({
  series,
  cx,
  cy,
  children,
}: {
  series: Series;
  cx: number;
  cy: number;
  children?: ReactNode;
}) {
  if (series.name === 'received') {
    return (
      <circle cx={cx} cy={cy} r={3.5}>
        {children}
      </circle>
    );
  }
  if (series.name === 'sent') {
    return (
      <rect x={cx - 3.5} y={cy - 3.5} width={7} height={7}>
        {children}
      </rect>
    );
  }
  return (
    <polygon points={`${cx},${cy - 4.5} ${cx + 4.5},${cy} ${cx},${cy + 4.5} ${cx - 4.5},${cy}`}>
      {children}
    </polygon>
  );
}

/**
 * Which days get a date under the axis: evenly spaced, and the last day
 * always, in place of the regular label before it when the two would touch.
 */
function labelledIndexes(count: number): Set<number> {
  const every = Math.ceil(count / MAX_X_LABELS);
  const indexes = new Set<number>();
  for (let index = 0; index < count; index += every) indexes.add(index);
  const last = count - 1;
  const previous = last - (last % every);
  if (previous !== last && last - previous < every / 2) indexes.delete(previous);
  indexes.add(last);
  return indexes;
}

/** A top rounded up to 1, 2 or 5 × 10ⁿ per step, with whole-number ticks. */
function valueAxis(peak: number): { max: number; ticks: number[] } {
  const rough = Math.max(1, peak / 4);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step =
    [1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) ??
    10 * magnitude;
  const max = Math.max(step, Math.ceil(peak / step) * step);
  const ticks: number[] = [];
  for (let tick = 0; tick <= max; tick += step) ticks.push(tick);
  return { max, ticks };
}

/** What a sighted reader takes from the chart: the period, each series' total and busiest day. */
function describeDays(days: readonly Day[]): string {
  const first = days[0];
  const last = days.at(-1);
  if (!first || !last) return '';
  const parts = SERIES.map((series) => {
    const total = days.reduce((sum, day) => sum + day[series.field], 0);
    const busiest = days.reduce((best, day) =>
      day[series.field] > best[series.field] ? day : best,
    );
    const peak = busiest[series.field];
    return peak === 0
      ? `no ${series.label.toLowerCase()}`
      : `${formatCount(total)} ${series.label.toLowerCase()}, most on ${formatDay(busiest.date)} (${formatCount(peak)})`;
  });
  return `${days.length} days from ${formatDay(first.date)} to ${formatDay(last.date)}: ${parts.join('; ')}.`;
}
