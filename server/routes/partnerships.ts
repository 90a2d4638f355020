import type { FastifyPluginAsync } from 'fastify';
import { NATIONS } from '../../model';
import { partnerships } from '../../model/partnerships';

const partnershipSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    region: { type: 'string' },
    nation: { type: 'string', enum: NATIONS },
    places: { type: 'array', items: { type: 'string' } },
  },
  required: ['name', 'region', 'nation', 'places'],
} as const;

const partnershipRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/partnerships',
    {
      schema: {
        summary: 'Every local safeguarding children partnership (or former board) of England and Wales, with its region, nation and the places it goes by',
        response: { 200: { type: 'object', properties: { partnerships: { type: 'array', items: partnershipSchema } }, required: ['partnerships'] } },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=3600');
      return { partnerships: partnerships() };
    },
  );
};

export default partnershipRoutes;
