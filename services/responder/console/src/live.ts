import { ElNotification } from 'element-plus';
import { io, type Socket } from 'socket.io-client';
import { reactive } from 'vue';
import { get, queryString } from './api.ts';
import { isGrave } from './labels.ts';
import { go } from './router.ts';
import type { Alert, CommitmentView, Hits } from './types.ts';

/** What a `case` notification says happened (cases-context.ts notifyCase types). */
const CASE_NOTICES: Record<string, string> = { opened: '已立案', assigned: '已交办', approved: '口径已审定', published: '已发布' };

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

/**
 * The live alert feed: the newest alerts first, each once (an alert that arrives by socket and
 * by resume, or twice from two responders, shows once). `fresh` marks those that arrived while
 * the wall was open, for the highlight.
 */
export const live = reactive({
  state: 'disconnected' as ConnectionState,
  alerts: [] as Alert[],
  fresh: new Set<string>(),
  loadError: '',
  /** Bumped on each `dead-letters` push, so the sources page reloads its list. */
  deadLetterPushes: 0,
});

const seen = new Set<string>();
let socket: Socket | undefined;

function newest(): string | undefined {
  return live.alerts[0]?.createdAt;
}

function add(a: Alert, fresh: boolean): boolean {
  if (seen.has(a.id)) return false;
  seen.add(a.id);
  const at = live.alerts.findIndex((b) => b.createdAt < a.createdAt);
  live.alerts.splice(at < 0 ? live.alerts.length : at, 0, a);
  if (fresh) live.fresh.add(a.id);
  return true;
}

let audio: AudioContext | undefined;

/** A short two-tone beep from the Web Audio API (no audio file to serve or to be blocked). */
export function beep(): void {
  try {
    audio ??= new AudioContext();
    const ctx = audio;
    for (const [i, freq] of [880, 660].entries()) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = freq;
      const start = ctx.currentTime + i * 0.22;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.3, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.2);
      osc.connect(gain).connect(ctx.destination);
      osc.start(start);
      osc.stop(start + 0.21);
    }
  } catch {
    // No audio device (or blocked before any click): the highlight still shows.
  }
}

/** Loads the latest alerts over HTTP, then follows the socket. */
export async function startLive(): Promise<void> {
  // What the HTTP load cannot have seen is what was raised from now on.
  const loadStarted = new Date().toISOString();
  try {
    const { hits } = await get<Hits<Alert>>(`/alerts${queryString({ limit: 200 })}`);
    for (const a of hits) add(a, false);
    live.loadError = '';
  } catch (err) {
    live.loadError = err instanceof Error ? err.message : String(err);
  }
  if (socket) return;
  live.state = 'connecting';
  socket = io({ withCredentials: true, transports: ['websocket', 'polling'] });
  socket.on('connect', () => {
    live.state = 'connected';
    // After a drop (or a first connect that raced the HTTP load) ask for what was missed.
    socket?.emit('resume', { since: newest() ?? loadStarted });
  });
  socket.on('disconnect', (reason) => {
    live.state = 'disconnected';
    // The server closes a user's sockets when its session changes (password, role): come back
    // with the current cookie. If the session has ended, the handshake is refused and it stays closed.
    if (reason === 'io server disconnect') socket?.connect();
  });
  socket.io.on('reconnect_attempt', () => {
    live.state = 'connecting';
  });
  socket.on('connect_error', () => {
    live.state = 'disconnected';
  });
  socket.on('alert', (a: Alert) => {
    if (add(a, true) && isGrave(a.level)) beep();
  });
  socket.on('dead-letters', () => {
    live.deadLetterPushes += 1;
  });
  socket.on('case', (n: { type?: string; caseId?: string; title?: string }) => {
    const what = CASE_NOTICES[n.type ?? ''] ?? '有更新';
    ElNotification({ title: `回应事项${what}`, message: n.title ?? '', type: 'info', onClick: () => n.caseId && go(`/cases/${encodeURIComponent(n.caseId)}`) });
  });
  socket.on('reminder', (n: { kind?: string; commitment?: CommitmentView }) => {
    const overdue = n.kind === 'overdue';
    ElNotification({
      title: overdue ? '承诺已逾期' : '承诺即将到期',
      message: n.commitment ? `${n.commitment.owner}：${n.commitment.text}` : '',
      type: overdue ? 'error' : 'warning',
      duration: 0,
      onClick: () => n.commitment && go(`/cases/${encodeURIComponent(n.commitment.caseId)}`),
    });
  });
}

export function stopLive(): void {
  socket?.disconnect();
  socket = undefined;
  live.state = 'disconnected';
  live.alerts.splice(0);
  live.fresh.clear();
  seen.clear();
}
