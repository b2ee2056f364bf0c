/**
 * Frame timing for the stories that stream runs: every gap between animation frames, and the
 * browser's long animation frames with how much of each was the page's own work (scripts, style
 * and layout), which tells the page's cost apart from a machine too busy to give it the CPU.
 */
import type { Page } from '@playwright/test';

/** A long animation frame, with how much of it was the page's own work (scripts, style and layout). */
export interface LongFrame {
  ms: number;
  scriptMs: number;
  layoutMs: number;
  /** The longest script's entry point, to tell whose work it was. */
  top: string;
}

export interface FrameStats {
  frames: number;
  maxGapMs: number;
  gapsOver100: number;
  gapsOver50: number;
  longFrames: LongFrame[];
  maxLongFrameMs: number;
  /** Long frames in which the page itself worked more than 100 ms. */
  busyOver100: number;
  maxWorkMs: number;
}

/** Counts every frame from now on: gaps between animation frames, and the browser's long animation frames. */
export async function watchFrames(page: Page): Promise<void> {
  await page.evaluate(() => {
    type Entry = PerformanceEntry & { renderStart: number; styleAndLayoutStart: number; scripts: { duration: number; invoker: string; sourceURL: string; forcedStyleAndLayoutDuration: number }[] };
    const w = window as unknown as { __frames: { gaps: number[]; long: { ms: number; scriptMs: number; layoutMs: number; top: string }[]; last: number; on: boolean } };
    w.__frames = { gaps: [], long: [], last: performance.now(), on: true };
    const tick = (t: number) => {
      const f = w.__frames;
      if (!f.on) return;
      f.gaps.push(t - f.last);
      f.last = t;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    try {
      new PerformanceObserver((list) => {
        for (const raw of list.getEntries()) {
          const e = raw as Entry;
          const scripts = e.scripts ?? [];
          const scriptMs = scripts.reduce((t, x) => t + x.duration, 0);
          const forced = scripts.reduce((t, x) => t + (x.forcedStyleAndLayoutDuration ?? 0), 0);
          const layoutMs = (e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0) + forced;
          const top = [...scripts].sort((a, b) => b.duration - a.duration)[0];
          w.__frames.long.push({ ms: e.duration, scriptMs, layoutMs, top: top ? `${top.invoker} ${top.sourceURL.split('/').pop()} ${Math.round(top.duration)}ms` : '' });
        }
      }).observe({ type: 'long-animation-frame', buffered: false });
    } catch {
      // Older engines have no long-animation-frame entries; the gaps still tell.
    }
  });
}

export async function frameStats(page: Page): Promise<FrameStats> {
  return page.evaluate(() => {
    const f = (window as unknown as { __frames: { gaps: number[]; long: { ms: number; scriptMs: number; layoutMs: number; top: string }[] } }).__frames;
    const gaps = f.gaps;
    const long = f.long.filter((x) => x.ms > 100);
    return {
      frames: gaps.length,
      maxGapMs: Math.max(...gaps),
      gapsOver100: gaps.filter((g) => g > 100).length,
      gapsOver50: gaps.filter((g) => g > 50).length,
      longFrames: long,
      maxLongFrameMs: Math.max(0, ...f.long.map((x) => x.ms)),
      busyOver100: f.long.filter((x) => x.scriptMs + x.layoutMs > 100).length,
      maxWorkMs: Math.max(0, ...f.long.map((x) => x.scriptMs + x.layoutMs)),
    };
  });
}

export interface TaskStats {
  windowS: number;
  tasks: number;
  /** Main-thread CPU time of the longest task (the page's own work, whatever else the machine runs). */
  maxCpuMs: number;
  tasksOverCpu50: number;
  tasksOverCpu100: number;
  /** Wall time of the longest task (stretched when the machine is oversubscribed). */
  maxWallMs: number;
  mainThreadCpuShare: number;
}

/**
 * Traces the page's main thread for `ms`: every task's wall and CPU (thread) time. On a machine
 * shared with other jobs a frame's wall time says more about the machine than about the page;
 * its CPU time is the page's own work.
 */
export async function traceTasks(page: Page, ms: number): Promise<TaskStats> {
  const cdp = await page.context().newCDPSession(page);
  const events: { name: string; ph: string; pid: number; tid: number; dur?: number; tdur?: number; args?: { name?: string } }[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as typeof events)));
  await cdp.send('Tracing.start', { categories: 'toplevel,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  await page.waitForTimeout(ms);
  const complete = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  // The page's main thread: the CrRendererMain with the most task time.
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const tasksOf = (m: { pid: number; tid: number }) => events.filter((e) => e.ph === 'X' && e.name === 'RunTask' && e.pid === m.pid && e.tid === m.tid);
  const busiest = mains.map((m) => tasksOf(m)).sort((a, b) => b.reduce((t, e) => t + (e.tdur ?? 0), 0) - a.reduce((t, e) => t + (e.tdur ?? 0), 0))[0] ?? [];
  const cpu = busiest.map((e) => (e.tdur ?? 0) / 1000);
  return {
    windowS: ms / 1000,
    tasks: busiest.length,
    maxCpuMs: Math.round(Math.max(0, ...cpu) * 10) / 10,
    tasksOverCpu50: cpu.filter((c) => c > 50).length,
    tasksOverCpu100: cpu.filter((c) => c > 100).length,
    maxWallMs: Math.round(Math.max(0, ...busiest.map((e) => (e.dur ?? 0) / 1000)) * 10) / 10,
    mainThreadCpuShare: Math.round((cpu.reduce((t, c) => t + c, 0) / ms) * 1000) / 1000,
  };
}
