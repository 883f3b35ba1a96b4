export * from './resilience.module.js';
