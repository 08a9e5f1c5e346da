import type { Core } from '@strapi/strapi';
import type services from '../services';
import { PLUGIN_ID } from '../constants';

type Services = typeof services;
export type ServiceName = keyof Services;
export type ServiceOf<N extends ServiceName> = ReturnType<Services[N]>;

export const getService = <N extends ServiceName>(strapi: Core.Strapi, name: N): ServiceOf<N> =>
  strapi.plugin(PLUGIN_ID).service(name) as ServiceOf<N>;
