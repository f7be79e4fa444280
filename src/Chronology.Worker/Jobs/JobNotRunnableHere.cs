namespace Chronology.Worker.Jobs;

/// <summary>
/// A job this worker must not run now: another runner holds it, or it needs the daemon's leader and this worker does
/// not lead. Its message goes back to the queue for a later try (see <see cref="JobMessaging"/>), by any worker.
/// </summary>
public sealed class JobNotRunnableHere(string message) : Exception(message);
