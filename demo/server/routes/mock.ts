/**
 * The /__mock test-control API: the HTTP face of `MockControl`, for tests that run in a browser and
 * cannot reach the backend object. Exists only when the `testControl` option is true.
 */
import express from 'express';
import type { Router } from 'express';
import type { MockControl } from '../control.js';
import { HttpError, methodNotAllowed } from '../errors.js';
import { JSON_LIMIT } from './auth.js';

export function mockRouter(control: MockControl): Router {
  const router = express.Router();
  const json = express.json({ limit: JSON_LIMIT });
  // An empty body is fine for operations without arguments; a non-JSON body is not silently ignored.
  const body = (req: express.Request): unknown => {
    if (req.body !== undefined) return req.body;
    if (req.get('content-length') !== undefined && req.get('content-length') !== '0') {
      throw new HttpError(415, 'expected an application/json body');
    }
    return undefined;
  };

  router
    .route('/force')
    .post(json, (req, res) => {
      const input = body(req);
      if (input === undefined) throw new HttpError(400, 'expected a JSON body {"error", "times"?, "on"?}');
      res.json({ ok: true, forced: control.force(input as Parameters<MockControl['force']>[0]) });
    })
    .all(methodNotAllowed(['POST']));

  router
    .route('/config')
    .get((_req, res) => {
      res.json(control.config());
    })
    .post(json, (req, res) => {
      res.json(control.config((body(req) ?? {}) as Parameters<MockControl['config']>[0]));
    })
    .all(methodNotAllowed(['GET', 'POST']));

  const action = (path: string, run: () => object): void => {
    router
      .route(path)
      .post(json, (req, res) => {
        body(req);
        res.json({ ok: true, ...run() });
      })
      .all(methodNotAllowed(['POST']));
  };
  action('/expire', () => control.expire());
  action('/revoke', () => control.revoke());
  action('/reset', () => {
    control.reset();
    return {};
  });

  router
    .route('/stats')
    .get((_req, res) => {
      res.json(control.stats());
    })
    .all(methodNotAllowed(['GET']));

  router
    .route('/sessions')
    .get((_req, res) => {
      res.json(control.sessions());
    })
    .all(methodNotAllowed(['GET']));

  // The newest session's refresh tokens: the short way for a theft test to get a rotated-out token.
  router
    .route('/refresh-token')
    .get((_req, res) => {
      const latest = control.sessions().at(-1);
      if (latest === undefined) throw new HttpError(404, 'no session yet');
      res.json({ handle: latest.handle, ...latest.refreshTokens });
    })
    .all(methodNotAllowed(['GET']));

  return router;
}
