namespace HyperFlow.Testing;

/// <summary>Measures what a piece of code allocates on the calling thread.</summary>
internal static class Allocations
{
    /// <summary>
    /// Bytes the calling thread allocates while <paramref name="action"/> runs in a steady state: it runs once
    /// unmeasured first, since compiling it may allocate (88 bytes for some lambdas). A garbage collection that another
    /// thread (another test) starts during the run can move the thread's allocation counter by bytes that were never
    /// allocated, so a run during which a collection happened is repeated, up to <paramref name="attempts"/> runs;
    /// if every run saw one, the least figure is returned. Code that does allocate shows it in every run.
    /// </summary>
    public static long OnThisThread(Action action, int attempts = 5)
    {
        action();
        long least = long.MaxValue;
        for (int attempt = 0; attempt < attempts; attempt++)
        {
            int collections = GC.CollectionCount(0);
            long before = GC.GetAllocatedBytesForCurrentThread();
            action();
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (GC.CollectionCount(0) == collections)
            {
                return allocated;
            }

            least = Math.Min(least, allocated);
        }

        return least;
    }
}
