// miniprogram-automator, unmodified, drives the shop fixture through `mpsim auto`, as a
// team's end-to-end suite drives WeChat DevTools. Run by .ci/run after `cargo test` built
// the binary: `npm ci && npm test` here (MPSIM_BIN names another binary).
'use strict'
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const automator = require('miniprogram-automator')

const repo = path.resolve(__dirname, '..', '..')
const shop = path.join(repo, 'fixtures', 'shop')
const targetDir = process.env.CARGO_TARGET_DIR || path.join(repo, 'target')
const cliPath = process.env.MPSIM_BIN || path.join(targetDir, 'debug', 'mpsim')

// The SDK's own waits: launch sleeps 5 s after connecting (and polls every second until
// it can), each route change sleeps 3 s, close sleeps 1 s. Counted to report how much of
// the suite's time they are.
const sleeps = { launch: 5000, route: 3000, close: 1000 }
let slept = 0

let mp
test.before(async () => {
  assert.ok(fs.existsSync(cliPath), `${cliPath} does not exist: build it with cargo build -p mpsim-devtools`)
  mp = await automator.launch({ cliPath, projectPath: shop })
  slept += sleeps.launch
})

test.after(async () => {
  if (mp) {
    await mp.close()
    slept += sleeps.close
  }
  const seconds = (process.uptime()).toFixed(1)
  console.log(`automator suite: ${seconds} s wall, ${(slept / 1000).toFixed(1)} s of it the SDK's fixed sleeps`)
})

async function route(method, url) {
  const page = await mp[method](url)
  slept += sleeps.route
  return page
}

test('the home page and its data', async () => {
  const page = await mp.currentPage()
  assert.equal(page.path, 'pages/index/index')
  assert.equal(await page.data('products[0].title'), 'Tea')
  const stack = await mp.pageStack()
  assert.equal(stack.length, 1)
  assert.equal(stack[0].id, page.id)
  const info = await mp.systemInfo()
  assert.equal(info.windowWidth, 375)
})

test('elements: custom components, their data and properties, text, styles, WXML', async () => {
  const page = await mp.currentPage()
  const cards = await page.$$('product-card')
  assert.equal(cards.length, 2)
  assert.ok(cards[0] instanceof automator.CustomElement, 'a custom component comes back with a nodeId')
  assert.deepEqual(await cards[1].data('product'), { id: 'p2', title: 'Kite', cents: 4500, sold: 0 })
  assert.equal(await cards[1].property('price'), '¥45.00')
  await assert.rejects(cards[1].property('nope'), /product-card\.nope not exists/)
  assert.equal(await page.$('.title'), null, 'a page selector stays out of component templates')
  const title = await cards[0].$('.title')
  assert.equal(await title.text(), 'Tea')
  assert.equal(await title.attribute('class'), 'title')
  assert.equal(await title.outerWxml(), '<text class="title">Tea</text>')
  const price = await cards[0].$('.price')
  assert.equal(await price.style('color'), 'rgb(255, 80, 0)')
  const size = await title.size()
  assert.ok(size.width > 0 && size.height > 0, JSON.stringify(size))
  const footer = await page.$('.footer')
  assert.match(await footer.text(), /2 products & more coming/)
})

test('a tap navigates, and back returns', async () => {
  const page = await mp.currentPage()
  const card = await (await page.$('product-card')).$('.card')
  await card.tap()
  const detail = await mp.currentPage()
  assert.equal(detail.path, 'pages/detail/detail')
  assert.deepEqual(detail.query, { id: 'p1' })
  assert.equal(await detail.data('product.desc'), 'Green tea, 250g')
  const back = await route('navigateBack')
  assert.equal(back.path, 'pages/index/index')
  assert.equal(back.id, page.id, 'the same page instance')
})

test('switchTab and setData on the cart', async () => {
  const cart = await route('switchTab', '/pages/cart/cart')
  assert.equal(cart.path, 'pages/cart/cart')
  const plus = (await cart.$$('button'))[1]
  await plus.tap()
  assert.equal(await cart.data('items[0].qty'), 3)
  assert.equal(await cart.data('total'), 3870)
  await cart.setData({ 'items[0].qty': 1 })
  const qty = await cart.$('.qty')
  assert.equal(await qty.text(), '1')
})

test('reLaunch with a query, input, console and exceptions', async () => {
  const logs = []
  const errors = []
  mp.on('console', (m) => logs.push(m))
  mp.on('exception', (e) => errors.push(e))
  const page = await route('reLaunch', '/pages/search/search?q=te')
  assert.deepEqual(page.query, { q: 'te' })
  assert.equal((await page.data('results')).length, 2)
  const input = await page.$('.query')
  await input.input('kit')
  assert.equal(await page.data('query'), 'kit')
  assert.equal(await input.value(), 'kit')
  assert.equal((await page.$$('.result')).length, 1)
  assert.equal(await page.callMethod('search', 'zzz'), 0)
  assert.match(await (await page.$('.none')).text(), /No product matches/)
  await (await page.$('.report')).tap()
  await page.waitFor(100)
  assert.ok(logs.some((m) => m.type === 'log' && m.args[0] === 'search' && m.args[1] === 'kit'), JSON.stringify(logs))
  assert.ok(errors.some((e) => e.message === 'the report form is not ready'), JSON.stringify(errors))
  await assert.rejects(page.callMethod('nope'), /nope is not a function/)
})

test('a long press is touchstart, 350 ms of wall time, touchend', async () => {
  const page = await route('reLaunch', '/pages/search/search')
  const first = await page.$('.result')
  await first.longpress()
  assert.equal(await page.data('held'), 'p1')
  assert.equal((await mp.currentPage()).path, 'pages/search/search', 'a long press is not a tap')
})

test('mock, restore, evaluate and exposed functions', async () => {
  await mp.mockWxMethod('getStorageSync', 'mocked')
  assert.equal(await mp.callWxMethod('getStorageSync', 'k'), 'mocked')
  await mp.restoreWxMethod('getStorageSync')
  assert.equal(await mp.callWxMethod('getStorageSync', 'k'), '')
  await mp.mockWxMethod('getSystemInfo', function (obj, platform) {
    return new Promise((resolve) => {
      this.origin({ success (res) { res.platform = platform; resolve(res) } })
    })
  }, 'test')
  assert.equal((await mp.callWxMethod('getSystemInfo')).platform, 'test')
  await mp.restoreWxMethod('getSystemInfo')
  assert.equal(await mp.evaluate((a, b) => getCurrentPages().length + a + b, 1, 2), 4)
  const got = []
  await mp.exposeFunction('onShopEvent', (...args) => got.push(args))
  await mp.evaluate(() => { onShopEvent('hi', 2) })
  await new Promise((resolve) => setTimeout(resolve, 100))
  assert.deepEqual(got, [['hi', 2]])
})

test('the screenshot is what mpsim render draws', async () => {
  await route('reLaunch', '/pages/search/search')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-auto-'))
  const shot = path.join(dir, 'auto.png')
  const rendered = path.join(dir, 'render.png')
  await mp.screenshot({ path: shot })
  execFileSync(cliPath, ['render', shop, '--page', 'pages/search/search', '--out', rendered])
  assert.ok(fs.readFileSync(shot).equals(fs.readFileSync(rendered)), `${shot} and ${rendered} differ`)
})

test('the error path: a missing element is null, unknown calls reject', async () => {
  const page = await mp.currentPage()
  assert.equal(await page.$('.no-such-thing'), null)
  assert.deepEqual(await page.$$('.no-such-thing'), [])
  await assert.rejects(mp.callWxMethod('noSuchApi'), /wx\.noSuchApi is not a function/)
  await assert.rejects(mp.remote(), /remote debugging/)
  // The server is still there.
  assert.equal((await mp.currentPage()).path, 'pages/search/search')
})
