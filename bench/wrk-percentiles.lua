-- Loaded by bench/bench-kit.ts with `wrk -s`: prints the latency percentiles the bench reports (wrk's own
-- --latency leaves out p95), one a line, in microseconds.
done = function(summary, latency, requests)
  for _, p in ipairs({ 50, 90, 95, 99 }) do
    io.write(string.format("percentile %d %d\n", p, latency:percentile(p)))
  end
end
