/**
 * The one API layer of the web app, shared by the console and the phone apps: the fetch wrapper
 * and error shape (client), the query keys, the calls of each area, and the server's types.
 */
export * from './client';
export * from './keys';
export * from './auth';
export * from './registry';
export * from './structures';
export * from './imports';
export * from './points';
export * from './access';
export type * from './types';
