// The view side on the page's main thread: the Screen (the view mpsim render paints) draws
// into the canvas, turns pointer, wheel and keys into the bridge's ToLogic messages, and
// talks to the logic side in worker.js through postMessage only. The app's JS never runs
// here: the page's global scope has no App, Page or wx.
import init, { Screen, packInfo } from './mpsim_web.js'

const status = document.getElementById('status')
const canvas = document.getElementById('screen')
// What a test (or a curious user) can read: frames drawn, when the first came, how long the
// last tap took to reach the screen.
const stats = (window.mpsim = { frames: 0, firstFrameMs: null, tapToFrameMs: null, route: '', errors: [], stalled: false })
// After this long without a word from the worker, the app's logic is said to be stuck.
const STALL_MS = 5000

function fail(message) {
  stats.errors.push(message)
  status.textContent = message
  status.className = 'error'
}

async function main() {
  await init()
  const response = await fetch('app.mpsimpack')
  if (!response.ok) return fail(`app.mpsimpack: HTTP ${response.status}`)
  const pack = new Uint8Array(await response.arrayBuffer())
  const [appid, device] = packInfo(pack)
  const screen = new Screen(device)
  canvas.width = Math.round(screen.cssWidth * screen.dpr)
  canvas.height = Math.round(screen.cssHeight * screen.dpr)
  canvas.style.width = `${screen.cssWidth}px`
  canvas.style.height = `${screen.cssHeight}px`
  const ctx = canvas.getContext('2d')

  // wx storage lives in the worker; what the app saves comes back here, kept per app id.
  const storageKey = `mpsim:storage:${appid}`
  const worker = new Worker(new URL('worker.js', import.meta.url), { type: 'module' })
  const send = (json) => { if (json !== '[]') worker.postMessage({ type: 'toLogic', json }) }
  const flush = () => send(screen.takeOutbox())
  let tapAt = null

  let heard = performance.now()
  let shown = ''
  setInterval(() => {
    const quiet = performance.now() - heard
    if (quiet > STALL_MS && !stats.stalled) {
      stats.stalled = true
      shown = status.textContent
      status.textContent = `the app's logic has not answered for ${Math.round(quiet / 1000)} s: its JS or WebAssembly is in an endless loop (mpsim render stops such a loop; a browser cannot)`
      status.className = 'error'
    }
  }, 1000)

  worker.onmessage = (e) => {
    const m = e.data
    heard = performance.now()
    if (stats.stalled) {
      stats.stalled = false
      status.textContent = shown
      status.className = ''
    }
    switch (m.type) {
      case 'toView': screen.apply(m.json); break
      case 'storage': try { localStorage.setItem(storageKey, m.json) } catch (_) { /* full or denied */ } break
      case 'route': stats.route = m.route; status.textContent = `${appid} · ${m.route}`; status.className = ''; break
      case 'console': console[m.level in console ? m.level : 'log'](`[${stats.route}]`, ...m.args); break
      case 'error': fail(m.message); break
    }
  }
  worker.onerror = (e) => fail(`the logic worker failed: ${e.message}`)
  worker.postMessage({ type: 'start', pack, stored: localStorage.getItem(storageKey) }, [pack.buffer])

  // Canvas pixels are device pixels; the Screen takes CSS pixels of the phone.
  const at = (e) => {
    const r = canvas.getBoundingClientRect()
    return [(e.clientX - r.left) * screen.cssWidth / r.width, (e.clientY - r.top) * screen.cssHeight / r.height]
  }
  canvas.addEventListener('pointerdown', (e) => {
    canvas.setPointerCapture(e.pointerId)
    canvas.focus()
    screen.pointerDown(...at(e), performance.now())
    flush()
  })
  canvas.addEventListener('pointermove', (e) => { screen.pointerMove(...at(e)); flush() })
  canvas.addEventListener('pointerup', (e) => { screen.pointerUp(...at(e)); tapAt = performance.now(); flush() })
  canvas.addEventListener('wheel', (e) => {
    e.preventDefault()
    const dy = e.deltaMode === 1 ? e.deltaY * 48 : e.deltaY
    screen.wheel(...at(e), dy)
    flush()
  }, { passive: false })
  canvas.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return
    screen.key(e.key)
    e.preventDefault()
    flush()
  })
  // The app goes to the background with the tab, as it does when the phone locks.
  document.addEventListener('visibilitychange', () => send(JSON.stringify([{ msg: document.hidden ? 'hide' : 'show' }])))

  const draw = () => {
    screen.tick(performance.now())
    if (screen.render()) {
      const w = screen.frameWidth
      const h = screen.frameHeight
      const rgba = screen.takeFrame()
      ctx.putImageData(new ImageData(new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, rgba.length), w, h), 0, 0)
      stats.frames++
      if (stats.firstFrameMs === null) stats.firstFrameMs = performance.now()
      if (tapAt !== null) { stats.tapToFrameMs = performance.now() - tapAt; tapAt = null }
    }
    // Images the paint wanted, first-frame notices, events: all go to the worker.
    flush()
    requestAnimationFrame(draw)
  }
  requestAnimationFrame(draw)
}

main().catch((e) => fail(String(e && e.message || e)))
