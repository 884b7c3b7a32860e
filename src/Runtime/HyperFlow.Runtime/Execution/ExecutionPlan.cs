using HyperFlow.Graph;
using HyperFlow.Runtime.Exchange;
using HyperFlow.Runtime.Sequencing;
using HyperFlow.Storage.State;

namespace HyperFlow.Runtime.Execution;

/// <summary>
/// The physical plan of one run of a job: its parallelism, the exchanges between chains and the bound
/// sources and sinks. Generated chain tasks take their readers, writers and rings from it while the
/// job is being set up; nothing here is used per record.
/// </summary>
public sealed class ExecutionPlan
{
    private readonly IReadOnlyDictionary<string, object> _sources;
    private readonly IReadOnlyDictionary<string, object> _sinks;
    private readonly Dictionary<int, object> _exchanges = [];
    private readonly WakeSignal[]? _slotSignals;
    private readonly List<KeyedStateStore> _stores = [];

    internal ExecutionPlan(JobGraph graph, JobOptions options, IReadOnlyDictionary<string, object> sources, IReadOnlyDictionary<string, object> sinks)
    {
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
        return store;
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

        return source.CreateReader(subtask, Parallelism)
            ?? throw new InvalidOperationException($"Source '{name}' of job '{Graph.JobName}' returned no reader for subtask {subtask}.");
    }

    /// <summary>Creates the output of a sink subtask.</summary>
    /// <typeparam name="T">The event type the pipeline declares for the sink.</typeparam>
    /// <param name="name">The sink's name.</param>
    /// <param name="subtask">The subtask index.</param>
    /// <returns>The output to emit into.</returns>
    /// <exception cref="InvalidOperationException">When the bound sink has another event type.</exception>
    public SinkOutput<T> CreateSinkOutput<T>(string name, int subtask)
        => new(CreateSinkWriter<T>(name, subtask), Options.BatchSize, timestamped: false);

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
        => new(CreateSinkWriter<T>(name, subtask), Options.BatchSize, timestamped: true);

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

    private ISinkWriter<T> CreateSinkWriter<T>(string name, int subtask)
    {
        object bound = _sinks[name];
        if (bound is not ISink<T> sink)
        {
            throw new InvalidOperationException(
                $"Sink '{name}' of job '{Graph.JobName}' receives {typeof(T).Name}, but the sink bound to it is a {bound.GetType().Name}. Bind an ISink<{typeof(T).Name}>.");
        }

        return sink.CreateWriter(subtask, Parallelism)
            ?? throw new InvalidOperationException($"Sink '{name}' of job '{Graph.JobName}' returned no writer for subtask {subtask}.");
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
