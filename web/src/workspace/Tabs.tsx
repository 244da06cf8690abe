// A tab row (the inspectors', the bottom panel's): one button per tab, the active one marked for
// the eye and for assistive technology.

export function Tabs<Id extends string>({
  tabs,
  active,
  onSelect,
  className,
  label,
  testIdPrefix,
}: {
  tabs: readonly { id: Id; label: string }[];
  active: Id;
  onSelect: (id: Id) => void;
  className: string;
  /** The row's accessible name, where its tabs alone do not say what they switch. */
  label?: string;
  /** Each tab's test id is this followed by the tab's id. */
  testIdPrefix?: string;
}) {
  return (
    <nav className={className} role="tablist" aria-label={label}>
      {tabs.map((candidate) => (
        <button
          key={candidate.id}
          type="button"
          role="tab"
          aria-selected={candidate.id === active}
          className={candidate.id === active ? 'active' : ''}
          data-testid={testIdPrefix === undefined ? undefined : `${testIdPrefix}${candidate.id}`}
          onClick={() => {
            onSelect(candidate.id);
          }}
        >
          {candidate.label}
        </button>
      ))}
    </nav>
  );
}
