using HyperFlow.Graph;
using HyperFlow.Runtime.Checkpoints;
using HyperFlow.Runtime.Exchange;
using HyperFlow.Runtime.Sequencing;
using HyperFlow.Storage.Checkpointing;
using HyperFlow.Storage.State;

namespace HyperFlow.Runtime.Execution;

/// <summary>
/// The physical plan of one run of a job: its parallelism, the exchanges between chains and the bound
/// sources and sinks. Generated chain tasks take their readers, writers and rings from it while the
/// job is being set up; nothing here is used per record. In a job with checkpoints it also restores what
/// it creates (keyed state, source positions, sinks' pending commits) from the checkpoint the run starts
/// from.
/// </summary>
public sealed class ExecutionPlan
{
    private readonly IReadOnlyDictionary<string, object> _sources;
    private readonly IReadOnlyDictionary<string, object> _sinks;
    private readonly Dictionary<int, object> _exchanges = [];
    private readonly WakeSignal[]? _slotSignals;
    private readonly List<KeyedStateStore> _stores = [];
    private readonly List<IDisposable> _resources = [];
    private readonly HashSet<string> _warnedSources = new(StringComparer.Ordinal);
    private ChainTask? _currentTask;

    internal ExecutionPlan(JobGraph graph, JobOptions options, IReadOnlyDictionary<string, object> sources, IReadOnlyDictionary<string, object> sinks,
        CheckpointCoordinator? coordinator = null, CheckpointReader? restore = null)
    {
        Coordinator = coordinator;
        Restore = restore;
        Graph = graph;
        Options = options;
        Parallelism = options.EffectiveParallelism;
        _sources = sources;
        _sinks = sinks;
        Logger = options.Logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        // Read once, on the thread that starts the job: a slot thread would see its own (pinned) mask.
        Cpus = options.EffectiveCpus;
        PinThreads = options.PinThreads ?? Parallelism <= Cpus.Count;
        if (options.WaitStrategy == WaitStrategy.Blocking)
        {
            _slotSignals = new WakeSignal[Parallelism];
            for (int i = 0; i < _slotSignals.Length; i++)
            {
                _slotSignals[i] = new WakeSignal();
            }
        }
    }

    /// <summary>The job graph.</summary>
    public JobGraph Graph { get; }

    /// <summary>The options the job runs with.</summary>
    public JobOptions Options { get; }

    /// <summary>The number of subtasks of every chain.</summary>
    public int Parallelism { get; }

    /// <summary>The CPUs slots are pinned to, in slot order.</summary>
    internal IReadOnlyList<int> Cpus { get; }

    /// <summary>Whether slots are pinned.</summary>
    internal bool PinThreads { get; }

    /// <summary>Where the engine logs.</summary>
    internal Microsoft.Extensions.Logging.ILogger Logger { get; }

    /// <summary>The wake signal of each slot when slots block while idle; otherwise null.</summary>
    internal IReadOnlyList<WakeSignal>? SlotSignals => _slotSignals;

    /// <summary>The run's checkpoint coordinator; <c>null</c> when the job runs without checkpoints.</summary>
    internal CheckpointCoordinator? Coordinator { get; }

    /// <summary>The checkpoint or savepoint the run restores; <c>null</c> for a fresh start.</summary>
    internal CheckpointReader? Restore { get; }

    /// <summary>The keyed state stores created for this run.</summary>
    internal IReadOnlyList<KeyedStateStore> Stores => _stores;

    /// <summary>Creates the keyed state store of a stateful operator subtask, in the job's state backend.</summary>
    /// <typeparam name="TKey">The operator's key type.</typeparam>
    /// <param name="operatorUid">The operator's uid.</param>
    /// <param name="subtask">The subtask index.</param>
    /// <returns>The store; the run disposes it when it ends.</returns>
    public KeyedStateStore<TKey> CreateKeyedStore<TKey>(string operatorUid, int subtask)
        where TKey : notnull
    {
        // The job's clock: state TTL and processing-time windows follow the same time as the task slots.
        var context = new KeyedStateContext(Graph.JobName, operatorUid, subtask, Parallelism, Options.MaxParallelism) { Clock = Options.TimeProvider };
        KeyedStateStore<TKey> store = Options.StateBackend.CreateKeyedStore<TKey>(context);
        _stores.Add(store);
        _currentTask?.AddStore(store);
        // Before the operator registers its states and rebuilds its indexes from the store.
        Restore?.RestoreKeyedState(store);
        return store;
    }

    /// <summary>
    /// The event-time watermark an operator subtask had when the checkpoint the run restores was taken, so
    /// that windows it had fired before do not fire again: the same subtask's at the same parallelism, and
    /// the lowest of the old subtasks' when the parallelism changed (windows between the lowest and a
    /// subtask's own may then fire again for its keys). <see cref="long.MinValue"/> for a fresh start.
    /// </summary>
    /// <param name="operatorUid">The operator's uid.</param>
    /// <param name="subtask">The subtask index.</param>
    /// <returns>The watermark to create the operator with.</returns>
    public long RestoredWatermark(string operatorUid, int subtask)
    {
        IReadOnlyList<ReadOnlyMemory<byte>?> saved = Restore?.SourcePositions(operatorUid) ?? [];
        if (saved.Count == Parallelism && saved[subtask] is { Length: sizeof(long) } own)
        {
            return System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(own.Span);
        }

        long lowest = long.MaxValue;
        foreach (ReadOnlyMemory<byte>? watermark in saved)
        {
            if (watermark is { Length: sizeof(long) } bytes)
            {
                lowest = Math.Min(lowest, System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(bytes.Span));
            }
        }

        return lowest == long.MaxValue ? long.MinValue : lowest;
    }

    /// <summary>Creates the reader of a source subtask.</summary>
    /// <typeparam name="T">The event type the pipeline declares for the source.</typeparam>
    /// <param name="name">The source's name.</param>
    /// <param name="subtask">The subtask index.</param>
    /// <returns>The reader.</returns>
    /// <exception cref="InvalidOperationException">When the bound source has another event type.</exception>
    public ISourceReader<T> CreateSourceReader<T>(string name, int subtask)
    {
        object bound = _sources[name];
        if (bound is not ISource<T> source)
        {
            throw new InvalidOperationException(
                $"Source '{name}' of job '{Graph.JobName}' produces {typeof(T).Name}, but the source bound to it is a {bound.GetType().Name}. Bind an ISource<{typeof(T).Name}>.");
        }

        if (Coordinator is not null)
        {
            if (source is ICheckpointedSource<T> rewindable)
            {
                return Track(rewindable.CreateReader(subtask, Parallelism, RestoredStates(SourceStateUid(name), subtask: 0, every: 1))
                    ?? throw new InvalidOperationException($"Source '{name}' of job '{Graph.JobName}' returned no reader for subtask {subtask}."));
            }

            if (_warnedSources.Add(name))
            {
                CheckpointingLog.SourceNotRewindable(Logger, Graph.JobName, name, source.GetType().Name);
            }
        }

        return Track(source.CreateReader(subtask, Parallelism)
            ?? throw new InvalidOperationException($"Source '{name}' of job '{Graph.JobName}' returned no reader for subtask {subtask}."));
    }

    /// <summary>Creates the output of a sink subtask.</summary>
    /// <typeparam name="T">The event type the pipeline declares for the sink.</typeparam>
    /// <param name="name">The sink's name.</param>
    /// <param name="subtask">The subtask index.</param>
    /// <returns>The output to emit into.</returns>
    /// <exception cref="InvalidOperationException">When the bound sink has another event type.</exception>
    public SinkOutput<T> CreateSinkOutput<T>(string name, int subtask)
        => CreateSinkOutputCore<T>(name, subtask, timestamped: false);

    /// <summary>
    /// Creates the output of a sink subtask for a stream with timestamps: each record is emitted with its
    /// timestamp, which a writer implementing <see cref="ITimestampedSinkWriter{T}"/> receives.
    /// </summary>
    /// <typeparam name="T">The event type the pipeline declares for the sink.</typeparam>
    /// <param name="name">The sink's name.</param>
    /// <param name="subtask">The subtask index.</param>
    /// <returns>The output to emit into.</returns>
    /// <exception cref="InvalidOperationException">When the bound sink has another event type.</exception>
    public SinkOutput<T> CreateTimestampedSinkOutput<T>(string name, int subtask)
        => CreateSinkOutputCore<T>(name, subtask, timestamped: true);

    /// <summary>Creates the sending side of the hash exchange into a chain, for one producer subtask.</summary>
    /// <typeparam name="T">The event type.</typeparam>
    /// <param name="toChain">The index of the chain the exchange feeds.</param>
    /// <param name="subtask">The producer subtask.</param>
    /// <returns>The output.</returns>
    public HashExchangeOutput<T> CreateHashOutput<T>(int toChain, int subtask)
        => new(ExchangeInto<T>(toChain, ExchangeKind.Hash).OutputsOf(subtask), Options.MaxParallelism);

    /// <summary>Creates the sending side of the forward exchange into a chain, for one producer subtask.</summary>
    /// <typeparam name="T">The event type.</typeparam>
    /// <param name="toChain">The index of the chain the exchange feeds.</param>
    /// <param name="subtask">The producer subtask.</param>
    /// <returns>The output.</returns>
    public ForwardOutput<T> CreateForwardOutput<T>(int toChain, int subtask)
        => new(ExchangeInto<T>(toChain, ExchangeKind.Forward).OutputsOf(subtask)[0]);

    /// <summary>Creates the sending side of the rebalance exchange into a chain, for one producer subtask.</summary>
    /// <typeparam name="T">The event type.</typeparam>
    /// <param name="toChain">The index of the chain the exchange feeds.</param>
    /// <param name="subtask">The producer subtask.</param>
    /// <returns>The output.</returns>
    public RebalanceOutput<T> CreateRebalanceOutput<T>(int toChain, int subtask)
        => new(ExchangeInto<T>(toChain, ExchangeKind.Rebalance).OutputsOf(subtask), subtask);

    /// <summary>Creates the sending side of the broadcast exchange into a chain, for one producer subtask.</summary>
    /// <typeparam name="T">The event type.</typeparam>
    /// <param name="toChain">The index of the chain the exchange feeds.</param>
    /// <param name="subtask">The producer subtask.</param>
    /// <returns>The output.</returns>
    public BroadcastOutput<T> CreateBroadcastOutput<T>(int toChain, int subtask)
        => new(ExchangeInto<T>(toChain, ExchangeKind.Broadcast).OutputsOf(subtask));

    /// <summary>The uid under which a source's positions are kept in checkpoints.</summary>
    internal static string SourceStateUid(string source) => "source:" + source;

    /// <summary>The uid under which a committing sink's prepared output is kept in checkpoints.</summary>
    internal static string SinkStateUid(string sink) => "sink:" + sink;

    /// <summary>
    /// The uids a checkpoint of this job may hold state under: every operator's and its timers' (windows and
    /// process functions keep timers in a store of their own, named uid + "-timers"), and every source's and sink's.
    /// </summary>
    internal static IEnumerable<string> StateUids(JobGraph graph)
        => graph.Operators.Select(static o => o.Uid)
            .Concat(graph.Operators.Select(static o => o.Uid + ProcessFunctions.KeyedProcessOperator<int>.TimersSuffix))
            .Concat(graph.Operators.Where(static o => o.Kind == OperatorKind.Source).Select(static o => SourceStateUid(o.Uid)))
            .Concat(graph.Operators.Where(static o => o.Kind == OperatorKind.Sink).Select(static o => SinkStateUid(o.Uid)));

    /// <summary>
    /// Releases what the run created: the keyed state stores, and the source readers and sink writers that
    /// are <see cref="IDisposable"/> (a failed attempt's, too, before the next one creates new ones).
    /// </summary>
    internal void DisposeResources()
    {
        foreach (IDisposable resource in _resources)
        {
            resource.Dispose();
        }

        foreach (KeyedStateStore store in _stores)
        {
            store.Dispose();
        }
    }

    /// <summary>Called by each chain task's constructor: the stores created until the next call belong to it.</summary>
    internal void BeginTask(ChainTask task) => _currentTask = task;

    /// <summary>The current processing time: Unix milliseconds from the job's clock.</summary>
    internal long ProcessingTime() => Options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    internal SpscRing<T>[] GetExchangeInputs<T>(int chain, int subtask)
    {
        SpscRing<T>[] inputs = ExchangeInto<T>(chain, Graph.Chains[chain].Input).InputsOf(subtask);
        if (_slotSignals is not null)
        {
            // Slot i hosts subtask i: its producers wake that slot.
            foreach (SpscRing<T> ring in inputs)
            {
                ring.ConsumerSignal = _slotSignals[subtask];
            }
        }

        return inputs;
    }

    private SinkOutput<T> CreateSinkOutputCore<T>(string name, int subtask, bool timestamped)
    {
        object bound = _sinks[name];
        if (bound is not ISink<T> sink)
        {
            throw new InvalidOperationException(
                $"Sink '{name}' of job '{Graph.JobName}' receives {typeof(T).Name}, but the sink bound to it is a {bound.GetType().Name}. Bind an ISink<{typeof(T).Name}>.");
        }

        if (Coordinator is not null && sink is ICheckpointedSink<T> committing)
        {
            ICheckpointedSinkWriter<T> writer = committing.CreateCheckpointedWriter(subtask, Parallelism, RestoredStates(SinkStateUid(name), subtask, Parallelism))
                ?? throw new InvalidOperationException($"Sink '{name}' of job '{Graph.JobName}' returned no writer for subtask {subtask}.");
            Track(writer);
            Coordinator.AddCommitter(writer.Commit);
            return new SinkOutput<T>(writer, Options.BatchSize, timestamped, SinkStateUid(name));
        }

        ISinkWriter<T> plain = sink.CreateWriter(subtask, Parallelism)
            ?? throw new InvalidOperationException($"Sink '{name}' of job '{Graph.JobName}' returned no writer for subtask {subtask}.");
        return new SinkOutput<T>(Track(plain), Options.BatchSize, timestamped, committingUid: null);
    }

    private TResource Track<TResource>(TResource resource)
    {
        if (resource is IDisposable disposable)
        {
            _resources.Add(disposable);
        }

        return resource;
    }

    /// <summary>
    /// What the restored checkpoint holds under <paramref name="uid"/> for a new subtask: the states of the old
    /// subtasks <c>subtask, subtask + every, ...</c> (a sink's own share with <c>every</c> the parallelism; all
    /// of them, for a source, with 0 and 1).
    /// </summary>
    private ReadOnlyMemory<byte>[] RestoredStates(string uid, int subtask, int every)
    {
        if (Restore is null)
        {
            return [];
        }

        IReadOnlyList<ReadOnlyMemory<byte>?> all = Restore.SourcePositions(uid);
        var mine = new List<ReadOnlyMemory<byte>>();
        for (int j = subtask; j < all.Count; j += every)
        {
            if (all[j] is { } state)
            {
                mine.Add(state);
            }
        }

        return [.. mine];
    }

    private Exchange<T> ExchangeInto<T>(int chain, ExchangeKind kind)
    {
        ExchangeKind declared = Graph.Chains[chain].Input;
        if (declared != kind)
        {
            throw new InvalidOperationException(
                $"Chain {chain} of job '{Graph.JobName}' is declared with a {declared} input but was wired as {kind}; regenerate the job (rebuild) so the graph and the chains agree.");
        }

        if (!_exchanges.TryGetValue(chain, out object? exchange))
        {
            exchange = new Exchange<T>(kind, Parallelism, Options.RingCapacity);
            _exchanges.Add(chain, exchange);
        }

        return (Exchange<T>)exchange;
    }
}
