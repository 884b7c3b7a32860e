using System.Collections.Concurrent;
using HyperFlow.Runtime.Threading;
using Microsoft.Extensions.Logging;

namespace HyperFlow.Runtime.Checkpoints;

/// <summary>
/// The thread a run's checkpoint writes run on (serializing, LZ4, checksums, fsync, manifests, sink
/// commits), as a task scheduler. It runs on a CPU no task slot is pinned to when there is one, and at a
/// lower priority (nice 10), so that where it shares a core with a busy slot it takes about a tenth of
/// that core instead of half, as thread-pool threads at equal priority would.
/// </summary>
internal sealed class SnapshotWriterThread : TaskScheduler, IDisposable
{
    private readonly BlockingCollection<Task> _queue = [];
    private readonly Thread _thread;
    private readonly int? _cpu;
    private readonly ILogger _logger;
    private readonly string _job;

    /// <summary>Starts the thread.</summary>
    /// <param name="job">The job's name, for the thread's name and the log.</param>
    /// <param name="cpu">A CPU no slot is pinned to, or <c>null</c> to leave the thread unpinned.</param>
    /// <param name="logger">Where to log that the priority or pinning could not be set.</param>
    public SnapshotWriterThread(string job, int? cpu, ILogger logger)
    {
        _job = job;
        _cpu = cpu;
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "hyperflow-checkpoint-writer" };
        _thread.Start();
    }

    /// <inheritdoc />
    public override int MaximumConcurrencyLevel => 1;

    /// <summary>Starts <paramref name="action"/> on the thread.</summary>
    /// <returns>Its task.</returns>
    public Task Run(Action action) => Task.Factory.StartNew(action, CancellationToken.None, TaskCreationOptions.DenyChildAttach, this);

    /// <summary>Lets the queued work finish and ends the thread.</summary>
    public void Dispose()
    {
        _queue.CompleteAdding();
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
            _queue.Dispose();
        }
    }

    /// <inheritdoc />
    protected override void QueueTask(Task task) => _queue.Add(task);

    /// <inheritdoc />
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    /// <inheritdoc />
    protected override IEnumerable<Task> GetScheduledTasks() => [.. _queue];

    private void Run()
    {
        if (_cpu is { } cpu && !CpuAffinity.TryPinCurrentThread(cpu, out string? pinError))
        {
            CheckpointingLog.WriterNotPlaced(_logger, _job, pinError!);
        }

        if (!ThreadNiceness.TrySetCurrentThread(ThreadNiceness.Background, out string? niceError))
        {
            CheckpointingLog.WriterNotPlaced(_logger, _job, niceError!);
        }

        foreach (Task task in _queue.GetConsumingEnumerable())
        {
            TryExecuteTask(task);
        }
    }
}
