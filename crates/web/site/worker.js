// The logic side in a Web Worker, as on the phone: the app's JS engine, data and templates.
// It hears the page only through the bridge's messages, and its virtual clock follows the
// worker's clock, so timers, toasts and autoplaying swipers play.
import init, { Logic } from './mpsim_web.js'

let logic = null
let route = ''
// In the background (the page's tab hidden) the app's clock stops, as on the phone.
let background = false

function flush() {
  const out = logic.takeMessages()
  if (out !== '[]') postMessage({ type: 'toView', json: out })
  const stored = logic.takeStorage()
  if (stored !== undefined) postMessage({ type: 'storage', json: stored })
  for (const line of JSON.parse(logic.takeTrace())) {
    if (line.type === 'console') postMessage({ type: 'console', level: line.level, args: line.args })
    else if (line.type === 'error') postMessage({ type: 'console', level: 'error', args: [`uncaught error in ${line.where}: ${line.message}`] })
  }
  const now = logic.currentRoute()
  if (now !== route) { route = now; postMessage({ type: 'route', route }) }
}

async function start(pack, stored) {
  await init()
  try {
    logic = new Logic(pack, stored ?? undefined)
  } catch (e) {
    postMessage({ type: 'error', message: String(e && e.message || e) })
    return
  }
  for (const d of logic.diagnostics()) postMessage({ type: 'console', level: 'error', args: [d] })
  flush()
  let last = performance.now()
  let beat = 0
  setInterval(() => {
    const ms = Math.floor(performance.now() - last)
    if (ms >= 1) {
      last += ms
      if (!background) logic.advance(ms)
      flush()
    }
    // The page watches this: a worker stuck in the app's code (a wasm loop never ends;
    // nothing can stop one in a browser) stops saying it is alive.
    if (++beat % 15 === 0) postMessage({ type: 'alive' })
  }, 16)
}

const early = []
onmessage = (e) => {
  const m = e.data
  if (m.type === 'start') {
    start(m.pack, m.stored).then(() => { for (const json of early.splice(0)) { logic.handle(json) } if (logic) flush() })
  } else if (m.type === 'toLogic') {
    if (m.json.includes('"msg":"hide"')) background = true
    if (m.json.includes('"msg":"show"')) background = false
    if (!logic) { early.push(m.json); return }
    try { logic.handle(m.json) } catch (err) { postMessage({ type: 'error', message: String(err.message || err) }) }
    flush()
  }
}
