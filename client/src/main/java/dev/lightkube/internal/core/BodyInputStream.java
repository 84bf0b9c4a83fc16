package dev.lightkube.internal.core;

import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;

/**
 * A response body as an {@link InputStream} for a thread that parses it while it arrives: about a fixed number of
 * bytes are asked for ahead of the reader, and a read returns what has come so far (at least one byte) rather
 * than waiting to fill the caller's array, so a parser sees each item as soon as its bytes are here. (Spring's
 * {@code DataBufferUtils.subscriberInputStream} fills the array, which would hold an item back until the next ones
 * arrive.) A read that has bytes goes on into the buffers already received, without waiting, so that the parser's
 * reads are not cut short at each buffer's end. What is held ahead is bounded in bytes: buffers received and not yet
 * read, plus those asked for at the largest size a buffer is expected to have. A failed body throws its own error
 * from {@code read}. {@link #close()} may be called from any thread: it cancels the body, releases every buffer, and
 * makes a waiting or later read return the end of the stream.
 */
final class BodyInputStream extends InputStream implements CoreSubscriber<DataBuffer> {

	private static final Object END = new Object();

	private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();

	// one reader at a time; close() takes it only when no read is running, else leaves the release to the reader
	private final ReentrantLock lock = new ReentrantLock();

	private final long readAheadBytes;

	// the size a buffer asked for is assumed to have: the largest expected, or the largest seen if larger
	private int pieceBytes;

	// bytes of the buffers received and not yet taken by the reader; added on the event loop, taken off by the reader
	private final AtomicLong queuedBytes = new AtomicLong();

	private final AtomicLong received = new AtomicLong();

	// how many buffers were asked for in all (the reader's, after onSubscribe)
	private volatile long requested;

	private volatile @Nullable Subscription subscription;

	private volatile boolean closed;

	private @Nullable DataBuffer current;

	private @Nullable Object terminal;

	// what the reader waited for: the number of times it found nothing received (a wake-up by the event loop each)
	private int waits;

	/**
	 * Subscribes to {@code body}.
	 * @param body the body; each buffer is released here
	 * @param readAheadBytes about how many bytes may be received ahead of the reader
	 * @param pieceBytes the largest a buffer of the body is expected to be (a larger one raises it)
	 */
	BodyInputStream(Publisher<DataBuffer> body, long readAheadBytes, int pieceBytes) {
		this.readAheadBytes = readAheadBytes;
		this.pieceBytes = Math.max(1, pieceBytes);
		body.subscribe(this);
	}

	@Override
	public void onSubscribe(Subscription subscription) {
		this.subscription = subscription;
		if (this.closed) {
			subscription.cancel();
		}
		else {
			long first = Math.max(1, this.readAheadBytes / this.pieceBytes);
			this.requested = first;
			subscription.request(first);
		}
	}

	@Override
	public void onNext(DataBuffer buffer) {
		// bytes first: a reader looking in between counts this buffer twice (received, and still asked for), so it asks
		// for less, not more; the other way round it could count it nowhere
		this.queuedBytes.addAndGet(buffer.readableByteCount());
		this.received.incrementAndGet();
		this.queue.add(buffer);
		if (this.closed) {
			// closed meanwhile: nobody will read it
			releaseQueued();
		}
	}

	@Override
	public void onError(Throwable error) {
		this.queue.add(error);
	}

	@Override
	public void onComplete() {
		this.queue.add(END);
	}

	@Override
	public int read() throws InterruptedIOException {
		byte[] one = new byte[1];
		return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xFF;
	}

	@Override
	public int read(byte[] bytes, int offset, int length) throws InterruptedIOException {
		if (length == 0) {
			return 0;
		}
		this.lock.lock();
		try {
			DataBuffer buffer = next(true);
			if (buffer == null) {
				return -1;
			}
			int read = 0;
			while (buffer != null) {
				int part = Math.min(length - read, buffer.readableByteCount());
				buffer.read(bytes, offset + read, part);
				read += part;
				if (buffer.readableByteCount() == 0) {
					this.current = null;
					DataBufferUtils.release(buffer);
				}
				// on into what has come already; waits only while it has no byte yet (after an empty buffer)
				buffer = (read < length) ? next(read == 0) : null;
			}
			return (read > 0) ? read : -1;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** How many times a read found nothing received and waited: a wake-up of the reader each (for tests). */
	int waits() {
		return this.waits;
	}

	// The buffer to read from, waiting for one if need be and allowed; null at the end (or once closed), or when
	// nothing has come and waiting is not allowed. The end or a failure is reported by a read that may wait.
	private @Nullable DataBuffer next(boolean wait) throws InterruptedIOException {
		while (this.current == null) {
			if (this.closed) {
				releaseQueued();
				return null;
			}
			if (this.terminal != null) {
				if (!wait || this.terminal == END) {
					return null;
				}
				throw Exceptions.propagate((Throwable) this.terminal);
			}
			Object next = this.queue.poll();
			if (next == null) {
				if (!wait) {
					return null;
				}
				this.waits++;
				try {
					next = this.queue.take();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new InterruptedIOException("interrupted while waiting for the body");
				}
			}
			if (next instanceof DataBuffer buffer) {
				this.current = buffer;
				taken(buffer.readableByteCount());
			}
			else {
				this.terminal = next;
			}
		}
		if (this.closed) {
			DataBufferUtils.release(this.current);
			this.current = null;
			return next(wait);
		}
		return this.current;
	}

	// Asks for more once there is room for half the read-ahead: the body keeps coming while it is read, and the event
	// loop is asked (a task and a wake-up each time) in batches rather than for every buffer.
	private void taken(int size) {
		long queued = this.queuedBytes.addAndGet(-size);
		if (size > this.pieceBytes) {
			this.pieceBytes = size;
		}
		long requested = this.requested;
		long outstanding = requested - this.received.get();
		long room = this.readAheadBytes - queued - outstanding * this.pieceBytes;
		long more = room / this.pieceBytes;
		long half = Math.max(1, this.readAheadBytes / this.pieceBytes / 2);
		// with nothing received and nothing asked for, one more at the least, however large the buffers are
		if (more < half && !(outstanding <= 0 && queued <= 0)) {
			return;
		}
		more = Math.max(1, more);
		Subscription subscription = this.subscription;
		if (subscription != null) {
			this.requested = requested + more;
			subscription.request(more);
		}
	}

	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		Subscription subscription = this.subscription;
		if (subscription != null) {
			subscription.cancel();
		}
		// wakes a waiting reader, which then releases what it holds
		this.queue.add(END);
		if (this.lock.tryLock()) {
			try {
				if (this.current != null) {
					DataBufferUtils.release(this.current);
					this.current = null;
				}
				releaseQueued();
			}
			finally {
				this.lock.unlock();
			}
		}
	}

	private void releaseQueued() {
		Object queued;
		while ((queued = this.queue.poll()) != null) {
			if (queued instanceof DataBuffer buffer) {
				DataBufferUtils.release(buffer);
			}
		}
	}

}
