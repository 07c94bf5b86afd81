// Namespaces through the SDK against a real master: the two built-in ones always listed, user ones
// created, listed, refused twice, with a bad name or while they hold tables, deleted; a table in an
// unknown namespace refused; and the namespaces survive the master (a backup takes over).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Get, Put } from '../../../src/client/index.js';
import { NAMESPACE_NAME_CHARS_MAX } from '../../../src/master/ddl-limits.js';
import { waitFor } from '../../support/dfs-mini-cluster.js';
import { DdlCluster, WAIT_MS } from './ddl-cluster.js';

describe('namespaces', () => {
  let cluster: DdlCluster;
  beforeAll(async () => {
    cluster = await DdlCluster.start(2);
  }, 60_000);
  afterAll(async () => cluster?.stop(), 60_000);

  it('creates, lists, refuses and deletes namespaces', async () => {
    const { admin, conn } = cluster;
    expect(await admin.listNamespaces()).toEqual(['colonnade', 'default']);
    await admin.createNamespace('sales');
    await admin.createNamespace('ops_2');
    expect(await admin.listNamespaces()).toEqual(['colonnade', 'default', 'ops_2', 'sales']);
    for (const name of ['sales', 'default', 'colonnade']) {
      await expect(admin.createNamespace(name)).rejects.toMatchObject({
        code: 'NamespaceExist',
        message: expect.stringContaining(name) as unknown,
      });
    }
    for (const name of ['bad-name', '', 'a:b', 'sp ace']) {
      await expect(admin.createNamespace(name)).rejects.toMatchObject({ code: 'InvalidArgument' });
    }
    await expect(
      admin.createNamespace('n'.repeat(NAMESPACE_NAME_CHARS_MAX + 1)),
    ).rejects.toMatchObject({ code: 'LimitExceeded' });
    await admin.createNamespace('n'.repeat(NAMESPACE_NAME_CHARS_MAX));

    // Tables in a namespace: refused in one that does not exist, listed by namespace.
    await expect(
      admin.createTable({ name: 'nowhere:t', families: [{ name: 'f' }] }),
    ).rejects.toMatchObject({
      code: 'NamespaceNotFound',
      message: expect.stringContaining('nowhere') as unknown,
    });
    await admin.createTable({ name: 'sales:orders', families: [{ name: 'f' }] });
    await admin.createTable({ name: 'plain', families: [{ name: 'f' }] });
    const orders = conn.getTable('sales:orders');
    await orders.put(new Put('o1').addColumn('f', 'q', 'one'));
    expect((await orders.get(new Get('o1'))).getValue('f', 'q')?.toString()).toBe('one');
    expect(await admin.listTableNamesByNamespace('sales')).toEqual(['sales:orders']);
    expect(await admin.listTableNamesByNamespace('default')).toEqual(['plain']);
    expect(await admin.listTableNamesByNamespace('ops_2')).toEqual([]);
    await expect(admin.listTableNamesByNamespace('nowhere')).rejects.toMatchObject({
      code: 'NamespaceNotFound',
    });

    // Deletes: not while it holds a table, never a built-in one, not one that does not exist.
    await expect(admin.deleteNamespace('sales')).rejects.toMatchObject({
      code: 'Constraint',
      message: expect.stringContaining('sales:orders') as unknown,
    });
    for (const name of ['default', 'colonnade']) {
      await expect(admin.deleteNamespace(name)).rejects.toMatchObject({ code: 'Constraint' });
    }
    await expect(admin.deleteNamespace('nowhere')).rejects.toMatchObject({
      code: 'NamespaceNotFound',
      message: expect.stringContaining('nowhere') as unknown,
    });
    await admin.disableTable('sales:orders');
    await admin.deleteTable('sales:orders');
    await admin.deleteNamespace('sales');
    expect(await cluster.exists('/colonnade/data/sales')).toBe(false);
    await expect(admin.deleteNamespace('sales')).rejects.toMatchObject({
      code: 'NamespaceNotFound',
    });
    await expect(
      admin.createTable({ name: 'sales:again', families: [{ name: 'f' }] }),
    ).rejects.toMatchObject({ code: 'NamespaceNotFound' });
  }, 60_000);

  it('keeps namespaces when a backup master takes over', async () => {
    const { admin } = cluster;
    await admin.createNamespace('kept');
    const before = await admin.listNamespaces();
    expect(before).toContain('kept');
    const active = await cluster.active();
    await active.stop();
    await waitFor(
      () => cluster.masters.some((m) => m !== active && m.isActive),
      WAIT_MS,
      'the backup to become active',
    );
    expect(await admin.listNamespaces()).toEqual(before);
    await admin.createTable({ name: 'kept:t', families: [{ name: 'f' }] });
    expect(await admin.listTableNamesByNamespace('kept')).toEqual(['kept:t']);
  }, 60_000);
});
