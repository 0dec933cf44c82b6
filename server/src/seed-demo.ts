import type { AppServices } from './app.js';

const DEMO_PASSWORD = 'zhishe-demo-2026';

/** Demo accounts on an empty site, so a newcomer can look around at once. */
export async function seedDemo(services: AppServices): Promise<string> {
  const client = { ip: null, userAgent: 'seed-demo' };
  const lines: string[] = [];
  if (await services.accounts.isSetupNeeded()) {
    await services.accounts.completeSetup(
      {
        email: 'operator@demo.zhishe.local',
        password: DEMO_PASSWORD,
        displayName: '站长 Demo Operator',
        locale: 'zh-CN',
      },
      client,
    );
    lines.push(`operator: operator@demo.zhishe.local / ${DEMO_PASSWORD}`);
  }
  const members = [
    { email: 'creator@demo.zhishe.local', displayName: '李老师 Teacher Li', locale: 'zh-CN' as const },
    { email: 'member@demo.zhishe.local', displayName: 'Alex Member', locale: 'en' as const },
  ];
  for (const member of members) {
    try {
      await services.accounts.register({ ...member, password: DEMO_PASSWORD }, client);
      lines.push(`${member.displayName}: ${member.email} / ${DEMO_PASSWORD}`);
    } catch (err) {
      if ((err as { code?: string }).code !== 'email_taken') throw err;
      lines.push(`${member.email} already exists`);
    }
  }
  return `Demo accounts:\n  ${lines.join('\n  ')}`;
}
