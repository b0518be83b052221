import express, { type Response } from 'express';
import { requireRole, userOf } from '../auth/session.ts';
import { parseBody } from '../request-input.ts';
import type { DepartmentListReply, DepartmentReply, OneTimePasswordReply, ResponseRulesReply, RulesReply, UserListReply, UserReply } from './admin-replies.ts';
import { CreateDepartment, CreateUser, SaveResponseRules, UpdateUser } from './admin-requests.ts';
import type { AdminService } from './admin-service.ts';

/** Users, departments and the response rules over HTTP, for 管理员 only; the rules are in admin-service.ts. */
export function adminRouter(admin: AdminService): express.Router {
  const r = express.Router();
  r.use(requireRole('admin'));

  r.get('/users', async (_req, res: Response<UserListReply>) => {
    res.json({ users: await admin.listUsers() });
  });

  r.post('/users', async (req, res: Response<OneTimePasswordReply>) => {
    res.status(201).json(await admin.createUser(userOf(req), parseBody(CreateUser, req)));
  });

  r.patch('/users/:id', async (req, res: Response<UserReply>) => {
    const changes = parseBody(UpdateUser, req);
    res.json({ user: await admin.updateUser(userOf(req), req.params.id, changes) });
  });

  r.post('/users/:id/password-reset', async (req, res: Response<OneTimePasswordReply>) => {
    res.json(await admin.resetPassword(userOf(req), req.params.id));
  });

  // What the installation runs on: the files, and the response rules in effect (edited here).
  r.get('/rules', async (_req, res: Response<RulesReply>) => {
    res.json(await admin.rules());
  });

  r.put('/rules/response', async (req, res: Response<ResponseRulesReply>) => {
    res.json({ responseRulesInEffect: await admin.saveResponseRules(userOf(req), parseBody(SaveResponseRules, req)) });
  });

  r.get('/departments', async (_req, res: Response<DepartmentListReply>) => {
    res.json({ departments: await admin.listDepartments() });
  });

  r.post('/departments', async (req, res: Response<DepartmentReply>) => {
    const { department, created } = await admin.addDepartment(userOf(req), parseBody(CreateDepartment, req).name);
    res.status(created ? 201 : 200).json({ department });
  });

  return r;
}
