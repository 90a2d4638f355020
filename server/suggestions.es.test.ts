import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { fixtureRepository } from '../test/fixture-repository';
import { suggestionsOverHttp } from '../test/suggestions-over-http';
import { ElasticsearchBackend } from '../search/elasticsearch/elasticsearch-backend';
import { elasticsearchConfig } from '../search/elasticsearch/config';
import { describeWithEs, esTestUrl } from '../search/elasticsearch/testing/describe-es';
import { taxonomyVocabulary } from '../search/fields';
import { reindex } from '../search/reindex';

describeWithEs('elasticsearch', () => {
  suggestionsOverHttp('elasticsearch', async () => {
    // The fixtures go through the real pipeline once; the store of record is then indexed by Elasticsearch.
    const { repo, dataDir } = await fixtureRepository();
    await repo.backend.close();
    const backend = new ElasticsearchBackend(
      elasticsearchConfig({ url: esTestUrl, indexPrefix: `test-suggest-${randomBytes(3).toString('hex')}` }, {}),
      taxonomyVocabulary(),
    );
    await backend.init();
    await reindex(repo.store, backend);
    return {
      repo,
      backend,
      done: async () => {
        await backend.client.indices.delete({ index: `${backend.aliases.reviews}-*,${backend.aliases.passages}-*`, ignore_unavailable: true });
        await backend.client.indices.deleteIndexTemplate({ name: `${backend.aliases.reviews},${backend.aliases.passages}` }).catch(() => undefined);
        await backend.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  });
});
