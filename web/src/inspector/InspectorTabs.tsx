// The tab row of both inspectors (an object's, a component's): one button per tab, the active one
// marked for the eye and for assistive technology.

export function InspectorTabs<Id extends string>({
  tabs,
  active,
  onSelect,
}: {
  tabs: readonly { id: Id; label: string }[];
  active: Id;
  onSelect: (id: Id) => void;
}) {
  return (
    <nav className="inspector-tabs" role="tablist">
      {tabs.map((candidate) => (
        <button
          key={candidate.id}
          type="button"
          role="tab"
          aria-selected={candidate.id === active}
          className={candidate.id === active ? 'active' : ''}
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
