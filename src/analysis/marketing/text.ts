/** Sentence formatting shared by every analysis lives in `../text.ts`. */
export * from '../text.js';
