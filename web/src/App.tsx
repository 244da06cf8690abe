// The playground: editor and steps on the left, the live cluster on the right, the clock on top.

import { lazy, Suspense, useEffect, useState } from 'react';
import { Group, Panel, Separator, useDefaultLayout } from 'react-resizable-panels';
import { takePairingFromUrl, savedPairing } from './agent/pairing.ts';
import { useAgent } from './agent/store.ts';
import { EditorPane } from './apply/EditorPane.tsx';
import {
  completeLine,
  kubectl,
  savedTerminalHistory,
  startCluster,
  useSession,
} from './cluster/session.ts';
import { useCluster } from './cluster/store.ts';
import { ClockBar } from './controls/ClockBar.tsx';
import { filesForKubectl } from './editor/tabs.ts';
import { useEditorTabs } from './editor/tabs-store.ts';
import { PersistControls, PersistNotice } from './persist/PersistControls.tsx';
import { ScenarioBar } from './scenarios/ScenarioBar.tsx';
import { useScenario } from './scenarios/store.ts';
import { StepsPanel } from './steps/StepsPanel.tsx';
import { kubectlBackend } from './terminal/kubectl-backend.ts';
import { PastBadge, TimeTravelBar } from './timetravel/TimeTravelBar.tsx';
import { BottomPanel } from './workspace/BottomPanel.tsx';
import { HelpMenu } from './workspace/HelpMenu.tsx';
import { ShortcutSheet } from './workspace/ShortcutSheet.tsx';
import { bottomPanel } from './workspace/store.ts';
import { Tour, useFirstVisitTour } from './workspace/Tour.tsx';
import { useShortcuts } from './workspace/useShortcuts.ts';

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

// Panes that are heavy (xterm.js) or not needed for the first paint load in their own chunks,
// keeping the initial bundle within its budget (≤ 170 KB gzip; scripts/bundle-size.ts).
const ClusterDiagram = lazy(() =>
  import('./diagram/ClusterDiagram.tsx').then((module) => ({ default: module.ClusterDiagram })),
);
const TerminalPane = lazy(() =>
  import('./terminal/TerminalPane.tsx').then((module) => ({ default: module.TerminalPane })),
);
const Inspector = lazy(() =>
  import('./inspector/Inspector.tsx').then((module) => ({ default: module.Inspector })),
);
const LessonPanel = lazy(() =>
  import('./scenarios/LessonPanel.tsx').then((module) => ({ default: module.LessonPanel })),
);
const AgentPanel = lazy(() =>
  import('./agent/AgentPanel.tsx').then((module) => ({ default: module.AgentPanel })),
);
const SnapshotMenu = lazy(() =>
  import('./snapshot/SnapshotMenu.tsx').then((module) => ({ default: module.SnapshotMenu })),
);

const terminalBackend = {
  ...kubectlBackend({
    kubectl,
    complete: completeLine,
    editorFiles: () => filesForKubectl(useEditorTabs.getState().tabs),
    etcdctl: (args, io) =>
      import('./snapshot/snapshot.ts').then((module) => module.etcdctl(args, io)),
  }),
  history: savedTerminalHistory,
};

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
    // Before the cluster reads the fragment: the agent's pairing must not stay in the URL.
    const pairing = takePairingFromUrl() ?? savedPairing();
    if (pairing) useAgent.getState().setPairing(pairing);
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

  useShortcuts();
  useFirstVisitTour();

  return (
    <div className="app">
      <header className="top-bar">
        <h1>
          k8s playground <span className="muted">Kubernetes 1.32, live in your tab</span>
        </h1>
        <ClockBar />
        <ScenarioBar />
        <Suspense fallback={null}>
          <AgentPanel />
        </Suspense>
        <PersistControls />
        <Suspense fallback={null}>
          <SnapshotMenu />
        </Suspense>
        <HelpMenu />
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
      <TimeTravelBar />
      <BootStatus />
      <LinkError />
      <PersistNotice />
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
              {playingScenario ? (
                <Suspense fallback={null}>
                  <LessonPanel />
                </Suspense>
              ) : (
                <StepsPanel />
              )}
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
                  <Suspense
                    fallback={
                      <div className="diagram editor-loading" data-testid="diagram-loading">
                        Drawing the cluster…
                      </div>
                    }
                  >
                    <ClusterDiagram />
                  </Suspense>
                  <PastBadge />
                  <Suspense fallback={null}>
                    <Inspector />
                  </Suspense>
                </div>
              </Panel>
              <Separator className="resize-handle horizontal" />
              <Panel
                id="terminal-panel"
                defaultSize="30"
                minSize="90px"
                collapsible
                panelRef={bottomPanel}
              >
                <BottomPanel
                  terminal={
                    <Suspense
                      fallback={
                        <div className="editor-loading" data-testid="terminal-loading">
                          Loading the terminal…
                        </div>
                      }
                    >
                      <TerminalPane backend={terminalBackend} theme={theme} />
                    </Suspense>
                  }
                />
              </Panel>
            </Group>
          </Panel>
        </Group>
      </main>
      <ShortcutSheet />
      <Tour />
    </div>
  );
}
