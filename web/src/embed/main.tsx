// embed.html's entry: read the URL, pick the theme, open the postMessage bridge, boot the
// scenario's cluster and draw the compact player.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectHost } from './bridge.ts';
import { EmbedApp } from './EmbedApp.tsx';
import { EmbedPlayer, useEmbed } from './embed-player.ts';
import { readEmbedParams } from './params.ts';
import type { InMessage } from './protocol.ts';
import '../styles.css';
import './embed.css';

const params = readEmbedParams(window.location.search, window.location.hash);
const prefersLight = window.matchMedia('(prefers-color-scheme: light)');
const applyTheme = (): void => {
  const theme = params.theme === 'auto' ? (prefersLight.matches ? 'light' : 'dark') : params.theme;
  document.documentElement.dataset.theme = theme;
};
applyTheme();
prefersLight.addEventListener('change', applyTheme);

let player: EmbedPlayer | null = null;
const bridge = connectHost({
  origins: params.origins,
  widget: params.widget,
  onMessage: (message: InMessage) => {
    if (!player) return;
    switch (message.type) {
      case 'play':
        player.play();
        break;
      case 'pause':
        player.pause();
        break;
      case 'step':
        player.step();
        break;
      case 'restart':
        player.restart();
        break;
      case 'load':
        player.load(message.scenario);
        break;
      case 'registerImages':
        player.registerImages(message.images);
        break;
    }
  },
  onInvalid: (notice) => {
    useEmbed.setState({ notice: `The page sent a message the widget refused: ${notice}` });
  },
});
player = new EmbedPlayer((message) => {
  bridge.post(message);
});
const problems = [
  ...(params.scenarioError ? [`${params.scenarioError} Nothing was started.`] : []),
  ...params.problems,
  ...(bridge.off ? [bridge.off] : []),
];
if (params.scenarioError)
  bridge.post({ type: 'error', code: 'scenario', message: params.scenarioError });
for (const problem of params.problems)
  bridge.post({ type: 'error', code: 'message', message: problem });
bridge.post({
  type: 'ready',
  title: params.scenario?.title ?? null,
  steps: params.scenario?.steps.length ?? 0,
});
if (params.autoplay) useEmbed.setState({ playing: true });
if (params.scenario) player.load(params.scenario);

const root = document.getElementById('root');
if (!root) throw new Error('embed.html has no #root');
createRoot(root).render(
  <StrictMode>
    <EmbedApp player={player} problems={problems} />
  </StrictMode>,
);
