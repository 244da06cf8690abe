// The playground: editor and steps on the left, the live cluster on the right, the clock on top.

import { useEffect, useState } from 'react';
import { Group, Panel, Separator, useDefaultLayout } from 'react-resizable-panels';
import { EditorPane } from './apply/EditorPane.tsx';
import { completeLine, driver, kubectl, startCluster, useSession } from './cluster/session.ts';
import { useCluster } from './cluster/store.ts';
import { ClockBar } from './controls/ClockBar.tsx';
import { ClusterDiagram } from './diagram/ClusterDiagram.tsx';
import { Inspector } from './inspector/Inspector.tsx';
import { LessonPanel } from './scenarios/LessonPanel.tsx';
import { ScenarioBar } from './scenarios/ScenarioBar.tsx';
import { useScenario } from './scenarios/store.ts';
import { StepsPanel } from './steps/StepsPanel.tsx';
import { etcdctl } from './snapshot/snapshot.ts';
import { SnapshotMenu } from './snapshot/SnapshotMenu.tsx';
import { kubectlBackend } from './terminal/kubectl-backend.ts';
import { TerminalPane } from './terminal/TerminalPane.tsx';

type Theme = 'dark' | 'light';

function initialTheme(): Theme {
  try {
    const saved = localStorage.getItem('k8s-playground.theme');
    if (saved === 'dark' || saved === 'light') return saved;
  } catch {
    // No storage: fall back to the system preference.
  }
  return window.matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

const terminalBackend = kubectlBackend({
  kubectl,
  complete: completeLine,
  editorText: () => useSession.getState().editorText,
  etcdctl,
});

function LinkError() {
  const error = useScenario((state) => state.linkError);
  const dismiss = useScenario((state) => state.dismissError);
  if (!error) return null;
  return (
    <div className="link-error" role="alert" data-testid="link-error">
      <span>{error} A fresh cluster started instead.</span>
      <button type="button" onClick={dismiss} aria-label="Dismiss">
        ✕
      </button>
    </div>
  );
}

function BootStatus() {
  const boot = useCluster((state) => state.boot);
  const error = useCluster((state) => state.bootError);
  const nodes = useSession((state) => state.shape.nodes);
  if (boot === 'ready') return null;
  if (boot === 'failed')
    return <div className="boot failed">The cluster could not start: {error}</div>;
  return (
    <div className="boot" data-testid="booting">
      Starting the cluster: etcd, API server, scheduler, controller manager and {nodes}{' '}
      {nodes === 1 ? 'node' : 'nodes'}…
    </div>
  );
}

export function App() {
  const [theme, setTheme] = useState<Theme>(initialTheme);
  const playingScenario = useScenario((state) => state.scenario !== null);
  const workspace = useDefaultLayout({ id: 'k8s-playground.workspace', storage: localStorage });
  const rightColumn = useDefaultLayout({
    id: 'k8s-playground.right-column',
    storage: localStorage,
  });

  useEffect(() => {
    startCluster();
  }, []);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    try {
      localStorage.setItem('k8s-playground.theme', theme);
    } catch {
      // Not remembered; the page still works.
    }
  }, [theme]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest('.monaco-editor, input, select, textarea')) return;
      const controls = driver();
      if (!controls) return;
      if (event.key === ' ') {
        event.preventDefault();
        if (controls.state.playing) controls.pause();
        else controls.play();
      } else if (event.key === '.') {
        controls.step();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
    };
  }, []);

  return (
    <div className="app">
      <header className="top-bar">
        <h1>
          k8s playground <span className="muted">Kubernetes 1.32, live in your tab</span>
        </h1>
        <ClockBar />
        <ScenarioBar />
        <SnapshotMenu />
        <button
          type="button"
          className="theme"
          onClick={() => {
            setTheme(theme === 'dark' ? 'light' : 'dark');
          }}
          aria-label="Toggle theme"
        >
          {theme === 'dark' ? '☀' : '☾'}
        </button>
      </header>
      <BootStatus />
      <LinkError />
      <main className="workspace">
        <Group
          orientation="horizontal"
          id="workspace"
          defaultLayout={workspace.defaultLayout}
          onLayoutChanged={workspace.onLayoutChanged}
        >
          <Panel id="left-panel" defaultSize="34" minSize="320px">
            <aside className="left">
              <EditorPane theme={theme} />
              {playingScenario ? <LessonPanel /> : <StepsPanel />}
            </aside>
          </Panel>
          <Separator className="resize-handle vertical" />
          <Panel id="right-panel" minSize="480px">
            <Group
              orientation="vertical"
              id="right-column"
              defaultLayout={rightColumn.defaultLayout}
              onLayoutChanged={rightColumn.onLayoutChanged}
            >
              <Panel id="diagram-panel" minSize="200px">
                <div className="diagram-area">
                  <ClusterDiagram />
                  <Inspector />
                </div>
              </Panel>
              <Separator className="resize-handle horizontal" />
              <Panel id="terminal-panel" defaultSize="30" minSize="90px" collapsible>
                <TerminalPane backend={terminalBackend} theme={theme} />
              </Panel>
            </Group>
          </Panel>
        </Group>
      </main>
    </div>
  );
}
