import fs from 'node:fs';
import { fixtureRepository } from '../test/fixture-repository';
import { suggestionsOverHttp } from '../test/suggestions-over-http';

suggestionsOverHttp('embedded', async () => {
  const { repo, dataDir } = await fixtureRepository();
  return {
    repo,
    backend: repo.backend,
    done: async () => {
      await repo.backend.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
});
