import pg from 'pg';

export default async function globalTeardown(): Promise<void> {
  const adminUrl = process.env.TEST_PG_ADMIN_URL;
  const runId = process.env.TEST_RUN_ID;
  if (globalThis.__SMARTCROP_PG__) {
    await globalThis.__SMARTCROP_PG__.stop();
    return;
  }
  // An external server (DATABASE_URL): leave it as we found it.
  if (adminUrl && runId) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    const rows = await admin.query(`SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, [
      `t_${runId}_`,
    ]);
    for (const r of rows.rows as { datname: string }[])
      await admin.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
    await admin.end();
  }
}
