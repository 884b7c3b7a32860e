using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(HyperFlow.Benchmarks.TradeMonitorBenchmarks).Assembly).Run(args);
