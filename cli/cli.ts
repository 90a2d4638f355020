import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { Command, Option } from 'commander';
import { defaultDataDir } from '../lib/paths';
import { IngestError } from '../ingest/errors';
import type { BackendName } from '../search/create-backend';
import type { ExportFormat } from '../core/research-data';
import type { Repository } from '../ingest/repository';
import { SEARCH_FIELDS, STATS_DIMENSIONS, type SearchFilters, type StatsDimension } from '../model';

// Each command loads what it uses when it runs: the parsers, the tagger, the search backends and
// the server are costly to load, and most commands need one or two of them.
const load = {
  batch: () => import('../ingest/batch'),
  manifest: () => import('../ingest/manifest'),
  metadata: () => import('../ingest/metadata'),
  progress: () => import('../ingest/progress'),
  repository: () => import('../ingest/repository'),
  pool: () => import('../ingest/worker/pool'),
  taxonomy: () => import('../taxonomy'),
  reindex: () => import('../search/reindex'),
  retag: () => import('../ingest/retag'),
  themeDecisions: () => import('../ingest/theme-decisions'),
  themeAgreement: () => import('../core/theme-agreement'),
  store: () => import('../store/store'),
  backup: () => import('../store/backup'),
  app: () => import('../server/app'),
  editorial: () => import('../core/editorial/editorial'),
  auditLog: () => import('../store/audit-log'),
  researchData: () => import('../core/research-data'),
  provenance: () => import('../core/provenance'),
  summary: () => import('../ingest/summary'),
  pipeline: () => import('../ingest/pipeline'),
  startup: () => import('../server/startup'),
  repositoryCheck: () => import('../core/repository-check'),
  alerts: () => import('../core/alerts/alerts'),
  mailer: () => import('../core/alerts/mailer'),
  publicUrl: () => import('../lib/public-url'),
};

interface RepoOptions extends ElasticsearchFlags {
  dataDir: string;
  backend: BackendName;
}

const dataDirOption = () => new Option('--data-dir <dir>', 'data directory (env SCR_DATA_DIR)').default(defaultDataDir(), 'SCR_DATA_DIR or ./data');
const backendOption = () =>
  new Option('--backend <name>', 'search backend').choices(['embedded', 'elasticsearch']).env('SCR_BACKEND').default('embedded');

/** Where the elasticsearch backend connects; secrets (ES_PASSWORD, ES_API_KEY) come from the environment only. */
interface ElasticsearchFlags {
  esUrl?: string;
  esUsername?: string;
  esCaFile?: string;
  esIndexPrefix?: string;
}

function addElasticsearchOptions(command: Command): void {
  command
    .addOption(new Option('--es-url <url>', 'Elasticsearch URL for --backend elasticsearch').env('ES_URL'))
    .addOption(new Option('--es-username <name>', 'Elasticsearch user (password in ES_PASSWORD; or ES_API_KEY)').env('ES_USERNAME'))
    .addOption(new Option('--es-ca-file <pem>', 'CA certificate for Elasticsearch over TLS').env('ES_CA_FILE'))
    .addOption(new Option('--es-index-prefix <prefix>', 'prefix of the Elasticsearch aliases').env('ES_INDEX_PREFIX'));
}

async function openRepo(opts: RepoOptions): Promise<Repository> {
  const { openRepository } = await load.repository();
  return openRepository(path.resolve(opts.dataDir), opts.backend, {
    url: opts.esUrl,
    username: opts.esUsername,
    caFile: opts.esCaFile,
    indexPrefix: opts.esIndexPrefix,
  });
}

/** One clear line on stderr and exit code 2: the contract for bad input. */
function fail(message: string): never {
  process.stderr.write(`scr: ${message}\n`);
  process.exit(2);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message.split('\n')[0] : String(err);
}

/** Who the audit log names for changes made from the command line. */
function cliActor(): string {
  return `cli:${os.userInfo().username}`;
}

async function ingestCommand(inputs: string[], opts: RepoOptions & { manifest?: string; json?: boolean }) {
  const [{ ingestFiles, listInputs }, { readManifest }, { ingestProgressBar }, { Editorial }, { AuditLog }] = await Promise.all([
    load.batch(),
    load.manifest(),
    load.progress(),
    load.editorial(),
    load.auditLog(),
  ]);
  const manifest = opts.manifest ? readManifest(opts.manifest) : undefined;
  const repo = await openRepo(opts);
  const editorial = new Editorial(repo.store, repo.backend, new AuditLog(repo.store.dataDir));
  const files = listInputs(inputs);
  const progress = ingestProgressBar(files.length);
  try {
    const summary = await ingestFiles(files, {
      ...repo,
      taxonomyVersion: repo.taxonomy.version,
      manifest,
      onProgress: (p) => progress.update(p),
      onStored: (record, file) => editorial.recordIngest(record, cliActor(), path.basename(file)),
    });
    progress.stop();
    if (opts.json) process.stdout.write(JSON.stringify(summary) + '\n');
    else {
      process.stderr.write(
        `ingested ${summary.ingested}, unchanged ${summary.unchanged}, quarantined ${summary.quarantined}, failed ${summary.failed.length}\n`,
      );
      for (const f of summary.failed) process.stderr.write(`  failed: ${f.file}: ${f.error}\n`);
      if (summary.notIndexed.length) {
        process.stderr.write(`stored but not indexed ${summary.notIndexed.length} (run scr reindex when the search service is back):\n`);
        for (const f of summary.notIndexed) process.stderr.write(`  not indexed: ${f.file} (${f.id}): ${f.error}\n`);
      }
    }
    if (summary.stopped) {
      process.stderr.write(`scr: stopped: ${summary.stopped.reason}; ${summary.stopped.notProcessed.length} files not processed:\n`);
      for (const f of summary.stopped.notProcessed) process.stderr.write(`  not processed: ${f}\n`);
      process.exitCode = 1;
    }
  } finally {
    await repo.backend.close();
  }
}

async function extractCommand(file: string) {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch (err) {
    fail(`${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : messageOf(err)}`);
  }
  const [{ ExtractionPool }, { applyManifest, inferMetadata }, { summaryOf }] = await Promise.all([load.pool(), load.metadata(), load.summary()]);
  const pool = new ExtractionPool(1);
  try {
    const doc = await pool.extract(data);
    const { text, sections, pages, passages } = doc.layout;
    const out = {
      text,
      pages: pages.map((p) => ({ num: p.num, text: text.slice(p.start, p.end), ...(p.origin ? { origin: p.origin, ocrConfidence: p.ocrConfidence } : {}) })),
      pageBasis: doc.pageBasis,
      sections,
      contents: doc.contents,
      summary: summaryOf(passages).summary,
      passages: passages.length,
      metadata: applyManifest(inferMetadata(doc.frontText, text, path.basename(file)), undefined),
      ...(doc.ocr ? { ocr: doc.ocr } : {}),
      ...(doc.textLayerMissing
        ? { warning: `no text layer: needs OCR${doc.ocr?.missingTools.length ? ` (install ${doc.ocr.missingTools.join(', ')})` : ''}` }
        : {}),
    };
    process.stdout.write(JSON.stringify(out) + '\n');
  } catch (err) {
    fail(`${file}: ${err instanceof IngestError ? err.message : messageOf(err)}`);
  } finally {
    await pool.close();
  }
}

async function serveCommand(opts: RepoOptions & { port: number; host: string; bootstrap?: string; manifest?: string }) {
  const [{ ingestFiles, listInputs }, { readManifest }, { prepareToServe }, { buildApp }] = await Promise.all([
    load.batch(),
    load.manifest(),
    load.startup(),
    load.app(),
  ]);
  const repo = await openRepo(opts);
  if (opts.bootstrap && repo.store.ids().length === 0) {
    process.stderr.write(`scr: empty data dir; ingesting the reports in ${opts.bootstrap}\n`);
    const summary = await ingestFiles(listInputs([opts.bootstrap]), {
      ...repo,
      taxonomyVersion: repo.taxonomy.version,
      manifest: opts.manifest ? readManifest(opts.manifest) : undefined,
    });
    process.stderr.write(`scr: ingested ${summary.ingested}, quarantined ${summary.quarantined}, failed ${summary.failed.length}\n`);
  }
  const { readOnly } = await prepareToServe(repo, (line) => process.stderr.write(`scr: ${line}\n`));
  const app = await buildApp({ ...repo, readOnly, logger: { level: process.env.LOG_LEVEL ?? 'info' } });
  const close = async () => {
    await app.close();
    await repo.backend.close();
    process.exit(0);
  };
  process.once('SIGINT', close);
  process.once('SIGTERM', close);
  await app.listen({ port: opts.port, host: opts.host });
}

export function buildProgram(): Command {
  const program = new Command('scr').description('National repository of anonymised child safeguarding case reviews');
  program.showHelpAfterError();

  program
    .command('ingest')
    .description('ingest report files or folders into the store of record and the search index')
    .argument('<inputs...>', 'files or folders')
    .option('--manifest <csv>', 'manifest.csv with metadata by file name (it wins over inferred metadata)')
    .addOption(dataDirOption())
    .addOption(backendOption())
    .option('--json', 'print a JSON summary on stdout')
    .action(ingestCommand);

  program
    .command('extract')
    .description('extract, clean and section one file; print JSON')
    .argument('<file>')
    .option('--json', 'JSON output (the only format)')
    .action(extractCommand);

  program
    .command('tag')
    .description('tag JSON lines {"id","text"} from stdin; write {"id","themes"} lines to stdout')
    .action(async () => {
      const { tagStream, createTagger, loadTaxonomy } = await load.taxonomy();
      await tagStream(process.stdin, process.stdout, createTagger(loadTaxonomy()));
    });

  program
    .command('serve')
    .description('serve the API and the portal')
    .addOption(new Option('--port <n>', 'port').env('PORT').default(3000).argParser((v) => Number(v)))
    .addOption(new Option('--host <addr>', 'address to listen on').env('HOST').default('127.0.0.1'))
    .addOption(dataDirOption())
    .addOption(backendOption())
    .option('--bootstrap <dir>', 'when the store is empty, ingest this folder first')
    .option('--manifest <csv>', 'manifest for --bootstrap')
    .action(serveCommand);

  program
    .command('reindex')
    .description('rebuild the search index from the store of record')
    .addOption(dataDirOption())
    .addOption(backendOption())
    .action(async (opts: RepoOptions) => {
      const { reindex } = await load.reindex();
      const repo = await openRepo(opts);
      const n = await reindex(repo.store, repo.backend);
      await repo.backend.close();
      process.stderr.write(`scr: indexed ${n} published reviews\n`);
    });

  program
    .command('check')
    .description('verify every record, every original file against its sha256, and the search index against the store; exit 1 on any problem')
    .addOption(dataDirOption())
    .addOption(backendOption())
    .option('--json', 'print the report as JSON on stdout')
    .action(async (opts: RepoOptions & { json?: boolean }) => {
      const { checkRepository, formatCheckReport } = await load.repositoryCheck();
      const repo = await openRepo(opts);
      try {
        const report = await checkRepository(repo.store.dataDir, repo.backend);
        process.stdout.write(opts.json ? JSON.stringify(report) + '\n' : formatCheckReport(report));
        process.exitCode = report.problems.length ? 1 : 0;
      } finally {
        await repo.backend.close();
      }
    });

  program
    .command('retag')
    .description('re-tag every stored review from its stored text with the current taxonomy, and update the index')
    .addOption(dataDirOption())
    .addOption(backendOption())
    .action(async (opts: RepoOptions) => {
      const [{ retagAll }, { AuditLog }, { formatDisagreement }] = await Promise.all([load.retag(), load.auditLog(), load.themeDecisions()]);
      const repo = await openRepo(opts);
      const { reviews: n, disagreements } = await retagAll(repo);
      await repo.backend.close();
      new AuditLog(repo.store.dataDir).append({
        actor: cliActor(),
        action: 'retag',
        review_id: null,
        before: null,
        after: { taxonomy_version: repo.taxonomy.version, reviews: n, disagreements: disagreements.length },
      });
      process.stderr.write(`scr: re-tagged ${n} reviews with taxonomy ${repo.taxonomy.version}\n`);
      if (disagreements.length) {
        process.stderr.write(`scr: the tagger now disagrees with ${disagreements.length} editor ${disagreements.length === 1 ? 'decision' : 'decisions'}, kept as the editors made them:\n`);
        process.stdout.write(disagreements.map((d) => formatDisagreement(d) + '\n').join(''));
      }
    });

  program
    .command('eval')
    .description('measure the tagger')
    .command('agreement')
    .description("the tagger's precision and recall per theme against editors' decisions (confirmed: right; removed: false positive; added: missed)")
    .addOption(dataDirOption())
    .option('--json', 'the figures as JSON')
    .action(async (opts: { dataDir: string; json?: boolean }) => {
      const [{ Store }, { themeAgreement, formatAgreement }, { loadTaxonomy }] = await Promise.all([load.store(), load.themeAgreement(), load.taxonomy()]);
      const dataDir = path.resolve(opts.dataDir);
      if (!fs.existsSync(dataDir)) fail(`no data directory at ${dataDir}`);
      const report = themeAgreement(new Store(dataDir).all(), loadTaxonomy());
      process.stdout.write(opts.json ? JSON.stringify(report) + '\n' : formatAgreement(report));
    });

  program
    .command('reextract')
    .description("read each stored review's original file again with the current extractor, keeping editors' corrections, redactions and status")
    .option('--all', 'every review, not only those read by an older version of the extractor')
    .addOption(dataDirOption())
    .addOption(backendOption())
    .action(async (opts: RepoOptions & { all?: boolean }) => {
      const [{ EXTRACTOR_VERSION, prepareRecord }, { Editorial }, { AuditLog }] = await Promise.all([load.pipeline(), load.editorial(), load.auditLog()]);
      const repo = await openRepo(opts);
      const editorial = new Editorial(repo.store, repo.backend, new AuditLog(repo.store.dataDir));
      const tagging = { tagger: repo.tagger, taxonomyVersion: repo.taxonomy.version };
      let done = 0;
      const failed: string[] = [];
      try {
        for (const record of [...repo.store.all()]) {
          if (!opts.all && record.extractorVersion === EXTRACTOR_VERSION) continue;
          try {
            await editorial.reextract(record.id, cliActor(), tagging, prepareRecord);
            done++;
          } catch (err) {
            failed.push(`${record.id} (${record.source.name}): ${messageOf(err)}`);
          }
        }
      } finally {
        await repo.backend.close();
      }
      process.stderr.write(`scr: read ${done} reviews again with extractor ${EXTRACTOR_VERSION}${failed.length ? `; ${failed.length} failed` : ''}\n`);
      for (const f of failed) process.stderr.write(`  failed: ${f}\n`);
      if (failed.length) process.exitCode = 1;
    });

  program
    .command('backup')
    .description('copy the store of record (records, original files, users, audit log) to a new folder, with a sha256 for each file')
    .argument('<dir>', 'the backup folder to create')
    .addOption(dataDirOption())
    .action(async (dir: string, opts: { dataDir: string }) => {
      const { backup } = await load.backup();
      const manifest = backup(path.resolve(opts.dataDir), path.resolve(dir));
      const bytes = manifest.files.reduce((n, f) => n + f.size, 0);
      process.stderr.write(`scr: backed up ${manifest.files.length} files (${bytes} bytes) to ${dir}\n`);
    });

  program
    .command('restore')
    .description('verify a backup, restore it into a new or empty data dir, and rebuild the search index')
    .argument('<dir>', 'a folder written by scr backup')
    .addOption(dataDirOption())
    .addOption(backendOption())
    .action(async (dir: string, opts: RepoOptions) => {
      const [{ restore }, { reindex }] = await Promise.all([load.backup(), load.reindex()]);
      const manifest = restore(path.resolve(dir), path.resolve(opts.dataDir));
      const repo = await openRepo(opts);
      const n = await reindex(repo.store, repo.backend);
      await repo.backend.close();
      process.stderr.write(`scr: restored ${manifest.files.length} files to ${opts.dataDir}; indexed ${n} published reviews\n`);
    });

  const exportCommand = program
    .command('export')
    .description('write research data to stdout, the same bytes as the API (/api/stats/themes, /api/export/…)');
  const queryOption = () => new Option('--query <params>', 'search filters as an API query string, e.g. "theme=neglect&year_from=2015"').default('');
  const excelSafeOption = () =>
    new Option('--no-excel-safe', 'CSV: write cells that start with = + - @ as they are, without the apostrophe that stops a spreadsheet running them');
  type ExportCommandOptions = RepoOptions & { query: string; excelSafe: boolean };
  const runExport = async (opts: ExportCommandOptions, produce: (repo: Repository, query: SearchFilters) => Promise<string>) => {
    const { parseSearchFilters } = await load.provenance();
    let query: SearchFilters;
    try {
      query = parseSearchFilters(opts.query);
    } catch (err) {
      fail(messageOf(err));
    }
    const repo = await openRepo(opts);
    try {
      process.stdout.write(await produce(repo, query));
    } finally {
      await repo.backend.close();
    }
  };
  exportCommand
    .command('theme-counts')
    .description('published reviews per theme per bucket of a dimension')
    .addOption(new Option('--by <dimension>', 'dimension').choices(STATS_DIMENSIONS).default('year'))
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'json']).default('csv'))
    .addOption(queryOption())
    .addOption(excelSafeOption())
    .addOption(dataDirOption())
    .addOption(backendOption())
    .action((opts: ExportCommandOptions & { by: StatsDimension; format: ExportFormat }) =>
      runExport(opts, async (repo, query) => (await load.researchData()).exportBytes.themeCounts(repo, opts.by, opts.format, query, opts)),
    );
  exportCommand
    .command('matrix')
    .description('the review-by-theme matrix: a row per published review, a 0/1 column per theme')
    .addOption(new Option('--format <format>', 'output format').choices(['csv']).default('csv'))
    .addOption(queryOption())
    .addOption(excelSafeOption())
    .addOption(dataDirOption())
    .addOption(backendOption())
    .action((opts: ExportCommandOptions) => runExport(opts, async (repo, query) => (await load.researchData()).exportBytes.matrix(repo, query, opts)));
  exportCommand
    .command('search')
    .description('the published reviews matching a search, with their themes')
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'json']).default('csv'))
    .addOption(queryOption())
    .addOption(excelSafeOption())
    .addOption(dataDirOption())
    .addOption(backendOption())
    .action((opts: ExportCommandOptions & { format: ExportFormat }) =>
      runExport(opts, async (repo, query) => (await load.researchData()).exportBytes.search(repo, opts.format, query, opts)),
    );

  program
    .command('alerts')
    .description('email alerts')
    .command('send')
    .description("send the alert digests and the editors' weekly email that are due (for cron: a rerun in the same week or month sends nothing twice)")
    .addOption(dataDirOption())
    .addOption(backendOption())
    .action(async (opts: RepoOptions) => {
      const [{ Alerts }, { mailerFromEnv }, { publicUrlFromEnv }] = await Promise.all([load.alerts(), load.mailer(), load.publicUrl()]);
      let mailer;
      try {
        mailer = mailerFromEnv();
      } catch (err) {
        fail(messageOf(err));
      }
      if (!mailer) fail('no mail server is configured: set SMTP_URL (or SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASS) and ALERTS_FROM');
      const repo = await openRepo(opts);
      try {
        const alerts = new Alerts({ ...repo, fields: SEARCH_FIELDS, publicUrl: publicUrlFromEnv(), mailer });
        const s = await alerts.sendDue();
        process.stderr.write(
          `scr: sent ${s.digests} alert digests and ${s.editor_emails} editors' emails; ${s.nothing_new} alerts had nothing new, ${s.already_sent} were already sent this period; ${s.failed.length} failed\n`,
        );
        for (const f of s.failed) process.stderr.write(`  failed: ${f.to}: ${f.error}\n`);
        if (s.failed.length) process.exitCode = 1;
      } finally {
        mailer.close();
        await repo.backend.close();
      }
    });

  const withBackend = (command: Command): Command[] => [command, ...command.commands.flatMap(withBackend)];
  for (const command of withBackend(program)) {
    if (command.options.some((o) => o.long === '--backend')) addElasticsearchOptions(command);
  }
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    fail(messageOf(err));
  }
}
