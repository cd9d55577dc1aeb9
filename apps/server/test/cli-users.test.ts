import type { AuditPage, AuthSession, Me, SessionList } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { api, registerUser } from './helpers/api.js';
import { cliWorkspace, type CliWorkspace } from './helpers/cli.js';
import { DIALECTS } from './helpers/dialects.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { connect } from './helpers/ws-client.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

/** A server and a command line on one scratch database, as on an installed host. */
async function setUp(dialect: (typeof DIALECTS)[number]): Promise<{ server: TestServer; cli: CliWorkspace }> {
  const db = await dialect.create();
  cleanups.push(() => db.drop());
  const server = await startServer({ databaseUrl: db.url });
  cleanups.push(() => server.close());
  const cli = cliWorkspace(db.url);
  cleanups.push(() => cli.remove());
  return { server, cli };
}

async function login(server: TestServer, username: string, password: string) {
  return api<AuthSession>(server.url, 'POST', '/api/auth/login', { body: { username, password } });
}

async function me(server: TestServer, token: string): Promise<Me> {
  return (await api<Me>(server.url, 'GET', '/api/me', { token })).body;
}

/** The last lines of stdout: generated passwords and links are printed alone on one. */
function lastLine(stdout: string): string {
  return stdout.trimEnd().split('\n').at(-1)!;
}

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`parley admin create / user commands on ${dialect.name}`, () => {
    it('creates a new admin with a generated password shown once, which must be changed at sign-in, and no session of its own', async () => {
      const { server, cli } = await setUp(dialect);
      await registerUser(server.url, 'first'); // the first account is admin by itself; the CLI's is not first
      const { code, stdout } = await cli.run(['admin', 'create', 'Ada.Lovelace']);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^Created Ada\.Lovelace as an instance admin\.\nPassword \(shown once; Ada\.Lovelace must choose a new one at first sign-in\):\n/);
      const password = lastLine(stdout);
      expect(password).toMatch(/^[2-9a-z]{4}(-[2-9a-z]{4}){4}$/);
      const res = await login(server, 'ada.lovelace', password);
      expect(res.status).toBe(200);
      expect(await me(server, res.body.accessToken)).toMatchObject({ username: 'Ada.Lovelace', isAdmin: true, passwordChangeRequired: true });
      // The session register() opens for the command line ended at once: only this sign-in's is live.
      const sessions = await api<SessionList>(server.url, 'GET', '/api/me/sessions', { token: res.body.accessToken });
      expect(sessions.body.sessions).toHaveLength(1);
      const audit = await api<AuditPage>(server.url, 'GET', '/api/admin/audit?action=admin.created', { token: res.body.accessToken });
      expect(audit.body.entries).toEqual([expect.objectContaining({ action: 'admin.created', actor: null, target: expect.objectContaining({ username: 'Ada.Lovelace' }), details: { via: 'cli', account: 'new' } })]);
    });

    it('creates an admin with the password from stdin, under the password policy, NFC-normalised', async () => {
      const { server, cli } = await setUp(dialect);
      const decomposed = 'Zoe\u0301'; // Zoé typed with a combining accent
      const { code, stdout } = await cli.run(['admin', 'create', decomposed, '--password-stdin'], {}, 'a long enough passphrase\n');
      expect(code).toBe(0);
      expect(stdout).toBe('Created Zoé as an instance admin.\n');
      const res = await login(server, 'Zoé', 'a long enough passphrase');
      expect(res.status).toBe(200);
      expect(await me(server, res.body.accessToken)).toMatchObject({ username: 'Zoé', isAdmin: true, passwordChangeRequired: false });

      const weak = await cli.run(['admin', 'create', 'weakling', '--password-stdin'], {}, 'password\n');
      expect(weak.code).toBe(1);
      expect(weak.stderr).toMatch(/^parley admin create: .*password/i);
      expect((await login(server, 'weakling', 'password')).status).toBe(401);
    });

    it('promotes an existing account, and says so when it already is admin', async () => {
      const { server, cli } = await setUp(dialect);
      await registerUser(server.url, 'first');
      const bob = await registerUser(server.url, 'bob');
      expect((await me(server, bob.accessToken)).isAdmin).toBe(false);
      const { code, stdout } = await cli.run(['admin', 'create', bob.user.username]);
      expect(code).toBe(0);
      expect(stdout).toBe(`${bob.user.username} (an existing account) is now an instance admin.\n`);
      expect(await me(server, bob.accessToken)).toMatchObject({ isAdmin: true });
      expect((await login(server, bob.user.username, bob.password)).status).toBe(200);
      const again = await cli.run(['admin', 'create', bob.user.username]);
      expect(again.stdout).toBe(`${bob.user.username} is already an instance admin; nothing changed.\n`);
    });

    it('refuses a username registration would refuse, with the rule, exit 2', async () => {
      const { cli } = await setUp(dialect);
      const { code, stderr } = await cli.run(['admin', 'create', 'bad name!']);
      expect(code).toBe(2);
      expect(stderr).toBe('parley admin create: username "bad name!" must be 2-32 letters, digits, "_", "." or "-"\nRun `parley admin create --help` for usage.\n');
      expect((await cli.run(['admin', 'create'])).stderr).toMatch(/missing <username>/);
    });

    it('resets to a temporary password: the old one stops working, the new one must be changed', async () => {
      const { server, cli } = await setUp(dialect);
      const carol = await registerUser(server.url, 'carol');
      const { code, stdout } = await cli.run(['user', 'reset-password', carol.user.username]);
      expect(code).toBe(0);
      expect(stdout).toContain(`Temporary password for ${carol.user.username} (shown once; they must choose a new one at sign-in):\n`);
      const temporary = stdout.split('\n')[1]!;
      expect((await login(server, carol.user.username, carol.password)).status).toBe(401);
      const res = await login(server, carol.user.username, temporary);
      expect(res.status).toBe(200);
      expect(await me(server, res.body.accessToken)).toMatchObject({ passwordChangeRequired: true });
      expect((await api(server.url, 'GET', '/api/me', { token: carol.accessToken })).status).toBe(401);
    });

    it('resets by a one-time link with the full URL, valid once', async () => {
      const { server, cli } = await setUp(dialect);
      const dave = await registerUser(server.url, 'dave');
      const { code, stdout } = await cli.run(['user', 'reset-password', dave.user.username, '--link', '--base-url', 'https://chat.example.com/']);
      expect(code).toBe(0);
      const link = stdout.split('\n')[1]!;
      expect(link).toMatch(/^https:\/\/chat\.example\.com\/reset-password#[\w-]{40,}$/);
      const token = link.split('#')[1]!;
      const redeem = () => api(server.url, 'POST', '/api/auth/password-reset', { body: { token, newPassword: 'my new passphrase' } });
      expect((await redeem()).status).toBe(204);
      expect((await login(server, dave.user.username, 'my new passphrase')).status).toBe(200);
      expect((await redeem()).status).toBe(400);
      const bad = await cli.run(['user', 'reset-password', dave.user.username, '--base-url', 'https://chat.example.com']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--base-url goes with --link/);
    });

    it('disables a user: their live socket closes through the sweep, sign-in is refused; enable lets them back', async () => {
      const { server, cli } = await setUp(dialect);
      await registerUser(server.url, 'admin');
      const erin = await registerUser(server.url, 'erin');
      const socket = await connect(server.wsUrl, erin.accessToken);
      const { code, stdout } = await cli.run(['user', 'disable', erin.user.username]);
      expect(code).toBe(0);
      expect(stdout).toBe(`disabled ${erin.user.username}: 1 session ended, 0 access tokens revoked; running servers close their sockets within 5 s (their revocation sweep).\n`);
      expect(await socket.closed).toBe(4401);
      const refused = await login(server, erin.user.username, erin.password);
      expect(refused).toEqual({ status: 403, body: { error: { code: 'account_disabled', message: expect.any(String) } } });
      expect((await cli.run(['user', 'disable', erin.user.username])).stdout).toBe(`${erin.user.username} is already disabled; nothing changed.\n`);

      const enabled = await cli.run(['user', 'enable', erin.user.username]);
      expect(enabled.stdout).toBe(`enabled ${erin.user.username}: they can sign in again.\n`);
      expect((await login(server, erin.user.username, erin.password)).status).toBe(200);
    }, 20_000);

    it('refuses to disable the last enabled admin, and names a missing user', async () => {
      const { server, cli } = await setUp(dialect);
      const admin = await registerUser(server.url, 'only');
      const last = await cli.run(['user', 'disable', admin.user.username]);
      expect(last.code).toBe(1);
      expect(last.stderr).toBe('parley user disable: This is the last enabled instance admin; promote someone else first\n');
      const ghost = await cli.run(['user', 'enable', 'ghost']);
      expect(ghost.code).toBe(1);
      expect(ghost.stderr).toBe('parley user enable: no user named "ghost"\n');
    });
  });
}
