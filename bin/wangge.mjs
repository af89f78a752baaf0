#!/usr/bin/env node
// Package bin: run the TypeScript CLI through tsx's loader.
import { register } from 'tsx/esm/api';
register();
await import('../server/src/cli.ts');
