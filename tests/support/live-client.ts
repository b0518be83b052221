import { io as connect, type Socket } from 'socket.io-client';
import type { Alert } from '../../shared/domain/alert.ts';
import { waitFor } from './wait-for.ts';

/** A console's socket and everything it was sent, in order. */
export interface LiveClient {
  socket: Socket;
  alerts: Alert[];
  messages: { event: string; payload: unknown }[];
}

/** Connects a socket.io client with a session cookie, as a logged-in browser would, and records what it is sent. */
export async function connectLiveClient(url: string, cookie: string): Promise<LiveClient> {
  const socket = connect(url, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false });
  const client: LiveClient = { socket, alerts: [], messages: [] };
  socket.onAny((event: string, payload: unknown) => {
    client.messages.push({ event, payload });
    if (event === 'alert') client.alerts.push(payload as Alert);
  });
  await waitFor('the socket to connect', () => socket.connected);
  return client;
}
