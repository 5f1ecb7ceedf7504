/** A horizontal bar chart as server-rendered SVG: no JavaScript, readable by screen readers via its table twin. */
export function BarChart({
  data,
  label,
  max,
  format = String,
}: {
  data: { label: string; value: number }[];
  label: string;
  max?: number;
  format?: (v: number) => string;
}) {
  const top = max ?? Math.max(1, ...data.map((d) => d.value));
  const row = 28;
  const width = 600;
  const labelWidth = 190;
  const barMax = width - labelWidth - 70;
  return (
    <svg
      viewBox={`0 0 ${width} ${data.length * row + 8}`}
      role="img"
      aria-label={label}
      className="chart"
      preserveAspectRatio="xMinYMin meet"
    >
      {data.map((d, i) => {
        const w = Math.round((d.value / top) * barMax);
        const y = i * row + 4;
        return (
          <g key={d.label}>
            <text x={labelWidth - 8} y={y + 17} textAnchor="end" fontSize="14" fill="#1d1d1f">
              {d.label.length > 14 ? `${d.label.slice(0, 13)}…` : d.label}
            </text>
            <rect
              x={labelWidth}
              y={y + 3}
              width={Math.max(w, 1)}
              height={row - 10}
              fill="#a4161a"
              rx="3"
            />
            <text x={labelWidth + w + 6} y={y + 17} fontSize="14" fill="#1d1d1f">
              {format(d.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
