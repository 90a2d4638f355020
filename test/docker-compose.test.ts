import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

const root = path.join(__dirname, '..');
const hasCompose = spawnSync('sh', ['-c', 'command -v docker-compose'], { encoding: 'utf8' }).status === 0;
const describeCompose = hasCompose || process.env.CI === 'true' ? describe : describe.skip;
if (!hasCompose && process.env.CI !== 'true') {
  process.stderr.write('[docker-compose] not installed: skipping the compose file check (Debian: apt-get install docker-compose)\n');
}

function compose(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync('docker-compose', ['-f', path.join(root, 'docker-compose.yml'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, ...env },
  });
}

describeCompose('docker-compose.yml', () => {
  it('is valid (docker-compose config, no engine needed)', () => {
    expect(hasCompose).toBe(true);
    const res = compose(['config', '-q'], { ELASTIC_PASSWORD: 'test-only' });
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
  });

  it('refuses to start without an Elasticsearch password', () => {
    const res = compose(['config', '-q'], {});
    expect(res.status).not.toBe(0);
    expect(res.stderr).toMatch(/ELASTIC_PASSWORD/);
  });

  it('runs the Elasticsearch version the tests run, secured, with the app on it and a data volume', () => {
    const config = YAML.parse(compose(['config'], { ELASTIC_PASSWORD: 'test-only' }).stdout);
    const testVersion = fs.readFileSync(path.join(root, 'scripts/es/pom.xml'), 'utf8').match(/<es\.version>([^<]+)</)![1];
    const es = config.services.elasticsearch;
    expect(es.image).toBe(`docker.elastic.co/elasticsearch/elasticsearch:${testVersion}`);
    const client = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).dependencies['@elastic/elasticsearch'];
    expect(client.split('.')[0]).toBe(testVersion.split('.')[0]);
    expect(es.environment['xpack.security.enabled']).toBe('true');
    expect(es.environment['discovery.type']).toBe('single-node');
    const app = config.services.app;
    expect(app.build.context).toBe(root);
    expect(app.environment).toMatchObject({ ES_URL: 'http://elasticsearch:9200', ES_PASSWORD: 'test-only', SCR_DATA_DIR: '/data' });
    // docker-compose 1.x prints short syntax ("scrdata:/data:rw"), 2.x long syntax.
    const targets = app.volumes.map((v: string | { target: string }) => (typeof v === 'string' ? v.split(':')[1] : v.target));
    expect(targets).toContain('/data');
    expect(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8')).toMatch(/"serve", "--host", "0.0.0.0", "--backend", "elasticsearch"/);
  });
});
