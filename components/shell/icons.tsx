// A few 20×20 outline icons for the navigation (heroicons-style paths).
const common = { viewBox: '0 0 20 20', fill: 'none', stroke: 'currentColor', strokeWidth: 1.5, strokeLinecap: 'round', strokeLinejoin: 'round', 'aria-hidden': true } as const;

export const Icons = {
  overview: (p: { className?: string }) => (
    <svg {...common} {...p}><path d="M3 10.5 10 4l7 6.5M5 9v7h3.5v-4h3v4H15V9" /></svg>
  ),
  deliveries: (p: { className?: string }) => (
    <svg {...common} {...p}><path d="M3 5.5h14M3 10h14M3 14.5h9" /></svg>
  ),
  endpoints: (p: { className?: string }) => (
    <svg {...common} {...p}><circle cx="5" cy="10" r="2" /><circle cx="15" cy="5" r="2" /><circle cx="15" cy="15" r="2" /><path d="M7 9l6-3M7 11l6 3" /></svg>
  ),
  tenants: (p: { className?: string }) => (
    <svg {...common} {...p}><path d="M3.5 16.5V5.5l6-2.5v13.5M9.5 16.5h7v-8l-7-2M6 7.5h1M6 10h1M6 12.5h1M12.5 10.5h1.5M12.5 13h1.5M2.5 16.5h15" /></svg>
  ),
  users: (p: { className?: string }) => (
    <svg {...common} {...p}><circle cx="8" cy="7" r="3" /><path d="M2.5 16.5c.6-2.9 2.8-4.5 5.5-4.5s4.9 1.6 5.5 4.5M13.5 4.3a3 3 0 0 1 0 5.4M15.5 12.3c1.2.7 1.9 2.2 2 4.2" /></svg>
  ),
  eventTypes: (p: { className?: string }) => (
    <svg {...common} {...p}><path d="M3.5 3.5h5.6l7.4 7.4a1 1 0 0 1 0 1.4l-4.2 4.2a1 1 0 0 1-1.4 0L3.5 9.1V3.5Z" /><circle cx="6.75" cy="6.75" r="1" /></svg>
  ),
  operations: (p: { className?: string }) => (
    <svg {...common} {...p}><path d="M2.5 10.5h3l2-5.5 4.5 10 2-4.5h3.5" /></svg>
  ),
  reference: (p: { className?: string }) => (
    <svg {...common} {...p}><path d="M7 6.5 3.5 10 7 13.5M13 6.5l3.5 3.5-3.5 3.5M11 4.5l-2 11" /></svg>
  ),
  signOut: (p: { className?: string }) => (
    <svg {...common} {...p}><path d="M12.5 6.5V4.5a1 1 0 0 0-1-1h-7a1 1 0 0 0-1 1v11a1 1 0 0 0 1 1h7a1 1 0 0 0 1-1v-2M9 10h8.5m-2.5-2.5L17.5 10 15 12.5" /></svg>
  ),
};

export function Logo({ className }: { className?: string }) {
  return (
    <span className={className}>
      <span className="flex items-center gap-2">
        <svg viewBox="0 0 28 28" className="size-7" aria-hidden="true">
          <rect width="28" height="28" rx="7" className="fill-indigo-600" />
          <path d="M10 7v8.5a4 4 0 0 0 8 0V13" fill="none" stroke="white" strokeWidth="2.4" strokeLinecap="round" />
          <path d="M15.5 15.5 18 13l2.5 2.5" fill="none" stroke="white" strokeWidth="2.4" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        <span className="text-[15px] font-semibold tracking-tight text-slate-900">Hookline</span>
      </span>
    </span>
  );
}
