import type { Socket } from 'socket.io';
import { resolveSession, type AuthDeps } from './session.ts';

/**
 * socket.io handshake guard: the same session cookie as the API (the browser sends it with
 * the handshake). A session still waiting for its first password change gets no alerts.
 */
export function socketAuth(deps: AuthDeps) {
  return (socket: Socket, next: (err?: Error) => void): void => {
    resolveSession(socket.request.headers.cookie, deps).then(
      (auth) => {
        if (!auth || auth.user.mustChangePassword) return next(new Error('unauthorized'));
        socket.data.userId = auth.user.id;
        next();
      },
      (err: unknown) => next(err instanceof Error ? err : new Error(String(err))),
    );
  };
}
