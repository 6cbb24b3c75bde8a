/**
 * Knows which open connections are carrying a request, so a graceful stop
 * can close the idle ones at once (including connections a client opened
 * but never used) and each busy one as soon as its response is done.
 *
 * @example
 * const tracker = trackConnections(app.server);
 * tracker.closeWhenIdle(); // at shutdown
 */
import type { Server } from "node:http";
import type { Socket } from "node:net";

export function trackConnections(server: Server): { closeWhenIdle: () => void } {
  const active = new Map<Socket, number>();
  let closing = false;
  server.on("connection", (socket: Socket) => {
    active.set(socket, 0);
    socket.once("close", () => active.delete(socket));
  });
  server.on("request", (request, response) => {
    const socket = request.socket;
    active.set(socket, (active.get(socket) ?? 0) + 1);
    response.once("close", () => {
      const left = (active.get(socket) ?? 1) - 1;
      active.set(socket, left);
      if (closing && left === 0) socket.destroySoon();
    });
  });
  return {
    closeWhenIdle: () => {
      closing = true;
      for (const [socket, requests] of active) if (requests === 0) socket.destroySoon();
    },
  };
}
