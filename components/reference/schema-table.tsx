// A schema as a nested property table: name (indented by depth), type, required,
// description with enum values and constraints.
import { cn } from '../ui/cn';
import { InlineText } from './inline-text';
import { schemaRows, type Components, type JsonSchema, type Row } from './schema-rows';

/** `request`: fields marked required; `response`: fields marked when they may be absent. */
export type Mode = 'request' | 'response';

export function SchemaTable({ schema, components, mode }: { schema: JsonSchema; components: Components; mode: Mode }) {
  const rows = schemaRows(schema, components);
  if (rows.length === 0) return <p className="text-sm text-slate-500">No fields.</p>;
  return <PropertyTable rows={rows} mode={mode} />;
}

export function PropertyTable({ rows, mode }: { rows: Row[]; mode: Mode }) {
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200">
      <table className="w-full text-left text-sm">
        <thead className="bg-slate-50 text-xs text-slate-500">
          <tr>
            <th scope="col" className="w-[30%] px-3 py-2 font-medium">Field</th>
            <th scope="col" className="w-[22%] px-3 py-2 font-medium">Type</th>
            <th scope="col" className="px-3 py-2 font-medium">Description</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (row.heading ? <HeadingRow key={row.key} row={row} /> : <FieldRow key={row.key} row={row} mode={mode} />))}
        </tbody>
      </table>
    </div>
  );
}

const indent = (depth: number) => ({ paddingLeft: `${0.75 + depth * 1.25}rem` });

function HeadingRow({ row }: { row: Row }) {
  return (
    <tr className="bg-slate-50/60">
      <td colSpan={3} className="py-1.5 pr-3 text-xs font-medium text-slate-600" style={indent(row.depth)}>
        {row.name}
      </td>
    </tr>
  );
}

function FieldRow({ row, mode }: { row: Row; mode: Mode }) {
  return (
    <tr className="align-top" data-testid="schema-row">
      <td className="py-2 pr-3" style={indent(row.depth)}>
        <span className={cn('flex items-baseline gap-1.5', row.depth > 0 && 'border-l border-slate-200 pl-2')}>
          <code className="font-mono text-[13px] font-medium break-all text-slate-900">{row.name}</code>
          {mode === 'request' && row.required && <span className="text-[11px] font-medium text-rose-600">required</span>}
          {mode === 'response' && !row.required && <span className="text-[11px] font-medium text-slate-400">optional</span>}
        </span>
      </td>
      <td className="px-3 py-2 font-mono text-xs break-words text-slate-600">{row.type}</td>
      <td className="px-3 py-2 text-slate-600">
        <InlineText text={row.description} />
        {row.values && (
          <span className="mt-1 flex flex-wrap gap-1">
            {row.values.map((v) => (
              <code key={v} className="rounded bg-indigo-50 px-1.5 py-0.5 font-mono text-[11px] text-indigo-700">{v}</code>
            ))}
          </span>
        )}
        {row.notes.length > 0 && <span className="mt-1 block text-xs text-slate-400">{row.notes.join(' · ')}</span>}
      </td>
    </tr>
  );
}
