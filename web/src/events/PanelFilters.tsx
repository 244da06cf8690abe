// The filter bar above the events list and the trace timeline: a choice with "all" (namespace,
// component), an object search box and a line saying what is shown.

import type { ReactNode } from 'react';

export interface FilterChoice {
  label: string;
  value: string;
  /** The values to pick from; "" (all) comes first on its own. */
  options: readonly string[];
  onChange: (value: string) => void;
}

export interface FilterSearch {
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
}

export function PanelFilters({
  choice,
  object,
  children,
}: {
  choice: FilterChoice;
  object: FilterSearch;
  /** What the panel shows, after the filters. */
  children: ReactNode;
}) {
  return (
    <div className="panel-filters">
      <label>
        {choice.label}
        <select
          value={choice.value}
          onChange={(event) => {
            choice.onChange(event.target.value);
          }}
        >
          <option value="">all</option>
          {choice.options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      </label>
      <label>
        Object
        <input
          type="search"
          placeholder={object.placeholder}
          value={object.value}
          onChange={(event) => {
            object.onChange(event.target.value);
          }}
        />
      </label>
      <span className="muted">{children}</span>
    </div>
  );
}
