// The namespace commands: create_namespace, drop_namespace, list_namespace [regex] and
// list_namespace_tables, printed as HBase 2.x does (NAMESPACE / TABLE headers, `N row(s)`).
import { nameArg, Options } from '../args.js';
import { ShellCommandError } from '../errors.js';
import { arg, type Command } from './command.js';
import { fullMatcher } from './ddl.js';

const createNamespace: Command = {
  name: 'create_namespace',
  group: 'namespace',
  minArgs: 1,
  maxArgs: 2,
  help: `Create namespace; pass namespace name,
and optionally a dictionary of namespace configuration.
Examples:

  colonnade> create_namespace 'ns1'
`,
  async run(ctx, args) {
    const name = nameArg(arg(args, 0), 'namespace name');
    const properties = new Options(args[1], 'namespace configuration');
    for (const key of properties.untaken()) ctx.out.line(`Unknown argument ignored: ${key}`);
    await ctx.wait(ctx.backend.admin().createNamespace(name));
    return undefined;
  },
};

const dropNamespace: Command = {
  name: 'drop_namespace',
  group: 'namespace',
  minArgs: 1,
  maxArgs: 1,
  help: `Drop the named namespace. The namespace must be empty.
`,
  async run(ctx, args) {
    await ctx.wait(ctx.backend.admin().deleteNamespace(nameArg(arg(args, 0), 'namespace name')));
    return undefined;
  },
};

const listNamespace: Command = {
  name: 'list_namespace',
  group: 'namespace',
  minArgs: 0,
  maxArgs: 1,
  help: `List all namespaces in the cluster.
Optional regular expression parameter could be used to filter the output
by namespace.

Examples:
  colonnade> list_namespace
  colonnade> list_namespace 'abc.*'
`,
  async run(ctx, args) {
    const matches = fullMatcher(args[0] === undefined ? '.*' : nameArg(args[0], 'regex'));
    ctx.out.header(['NAMESPACE']);
    const namespaces = (await ctx.wait(ctx.backend.admin().listNamespaces())).filter(matches);
    for (const name of namespaces) ctx.out.row([name]);
    ctx.out.line(`${namespaces.length} row(s)`);
    return undefined;
  },
};

const listNamespaceTables: Command = {
  name: 'list_namespace_tables',
  group: 'namespace',
  minArgs: 1,
  maxArgs: 1,
  help: `List all tables that are members of the namespace.
Examples:

  colonnade> list_namespace_tables 'ns1'
`,
  async run(ctx, args) {
    const namespace = nameArg(arg(args, 0), 'namespace name');
    const admin = ctx.backend.admin();
    ctx.out.header(['TABLE']);
    const [namespaces, tables] = await ctx.wait(
      Promise.all([admin.listNamespaces(), admin.listTables()]),
    );
    if (!namespaces.includes(namespace)) {
      throw new ShellCommandError(`Unknown namespace ${namespace}!`);
    }
    const prefix = `${namespace}:`;
    const names = tables
      .map((t) => t.name)
      .flatMap((name) => {
        if (name.startsWith(prefix)) return [name.slice(prefix.length)];
        return namespace === 'default' && !name.includes(':') ? [name] : [];
      })
      .sort();
    for (const name of names) ctx.out.row([name]);
    ctx.out.line(`${names.length} row(s)`);
    return { value: names };
  },
};

export const NAMESPACE_COMMANDS: readonly Command[] = [
  createNamespace,
  dropNamespace,
  listNamespace,
  listNamespaceTables,
];
