// Bad input over RPC gets typed errors and the namenode keeps serving: malformed paths are
// InvalidPath, a second writer LeaseConflict, an unknown file FileNotFound, bad fields
// InvalidArgument.
import { describe, expect, it } from 'vitest';
import { startNamenode } from './harness.js';

const create = {
  path: '/f',
  clientName: 'c1',
  overwrite: false,
  createParent: true,
  replication: 3,
  blockBytes: 1_048_576,
};

describe('namenode RPC input', () => {
  it('refuses bad paths, second writers and unknown files, and keeps serving', async () => {
    const { nn } = await startNamenode();
    for (const path of ['a/b', '/a/../b', '/a//b', '', '/a/./b', '/a/b/']) {
      await expect(nn.mkdirs({ path }), path).rejects.toMatchObject({ code: 'InvalidPath' });
      await expect(nn.getFileInfo({ path }), path).rejects.toMatchObject({ code: 'InvalidPath' });
      await expect(nn.create({ ...create, path }), path).rejects.toMatchObject({
        code: 'InvalidPath',
      });
    }
    await expect(nn.rename({ src: '/x', dst: 'y' })).rejects.toMatchObject({ code: 'InvalidPath' });

    await nn.create(create);
    await expect(nn.create({ ...create, clientName: 'c2' })).rejects.toMatchObject({
      code: 'LeaseConflict',
    });
    await expect(nn.create({ ...create, clientName: 'c2', overwrite: true })).rejects.toMatchObject(
      { code: 'LeaseConflict' },
    );
    await expect(nn.append({ path: '/f', clientName: 'c2' })).rejects.toMatchObject({
      code: 'LeaseConflict',
    });
    await expect(
      nn.addBlock({ path: '/f', clientName: 'c2', previous: null, excluded: [], favored: [] }),
    ).rejects.toMatchObject({ code: 'Fenced' });

    await expect(
      nn.getBlockLocations({ path: '/nope', offset: 0, length: 0 }),
    ).rejects.toMatchObject({ code: 'FileNotFound' });
    await expect(nn.append({ path: '/nope', clientName: 'c1' })).rejects.toMatchObject({
      code: 'FileNotFound',
    });
    await expect(nn.listing({ path: '/nope', startAfter: '' })).rejects.toMatchObject({
      code: 'FileNotFound',
    });
    await expect(nn.rename({ src: '/nope', dst: '/x' })).rejects.toMatchObject({
      code: 'FileNotFound',
    });
    await expect(nn.recoverLease({ path: '/nope', clientName: 'm' })).rejects.toMatchObject({
      code: 'FileNotFound',
    });
    expect(await nn.delete({ path: '/nope', recursive: false })).toEqual({ deleted: false });
    await expect(nn.create({ ...create, path: '/p/q', createParent: false })).rejects.toMatchObject(
      { code: 'FileNotFound' },
    );

    await expect(nn.create({ ...create, path: '/g', replication: 0 })).rejects.toMatchObject({
      code: 'InvalidArgument',
    });
    await expect(nn.create({ ...create, path: '/g', blockBytes: 1_000 })).rejects.toMatchObject({
      code: 'InvalidArgument',
    });
    const malformed = { ...create, path: '/g', replication: 'three' } as unknown as typeof create;
    await expect(nn.create(malformed)).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(nn.getBlockLocations({ path: '/f', offset: -1, length: 0 })).rejects.toMatchObject(
      { code: 'InvalidArgument' },
    );
    await expect(nn.mkdirs({ path: '/f/sub' })).rejects.toMatchObject({ code: 'NotDirectory' });
    await expect(nn.delete({ path: '/', recursive: true })).rejects.toMatchObject({
      code: 'InvalidArgument',
    });
    await nn.mkdirs({ path: '/d/e' });
    await expect(nn.delete({ path: '/d', recursive: false })).rejects.toMatchObject({
      code: 'DirectoryNotEmpty',
    });
    await expect(nn.rename({ src: '/d', dst: '/d/e' })).rejects.toMatchObject({
      code: 'InvalidArgument',
    });

    // Still serving.
    await nn.mkdirs({ path: '/ok' });
    expect((await nn.getFileInfo({ path: '/ok' })).status).toMatchObject({ type: 'directory' });
    expect(await nn.listing({ path: '/', startAfter: '' })).toMatchObject({ remaining: 0 });
  });

  it('stops serving writes after an edit log failure, and keeps serving reads', async () => {
    const { nn, server } = await startNamenode();
    await nn.mkdirs({ path: '/before' });
    await server.namesystem.editLog.close(); // the disk goes away under the log
    await expect(nn.mkdirs({ path: '/lost' })).rejects.toMatchObject({ code: 'Internal' });
    await expect(nn.mkdirs({ path: '/later' })).rejects.toMatchObject({ code: 'Internal' });
    await expect(nn.create({ ...create, path: '/g' })).rejects.toMatchObject({ code: 'Internal' });
    expect((await nn.getFileInfo({ path: '/before' })).status).toMatchObject({ type: 'directory' });
  });
});
