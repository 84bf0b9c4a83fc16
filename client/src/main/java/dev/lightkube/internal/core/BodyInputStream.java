package dev.lightkube.internal.core;

import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;

/**
 * A response body as an {@link InputStream} for a thread that parses it while it arrives: at most a fixed number of
 * buffers are asked for ahead of the reader, and a read returns what has come so far (at least one byte) rather
 * than waiting to fill the caller's array, so a parser sees each item as soon as its bytes are here. (Spring's
 * {@code DataBufferUtils.subscriberInputStream} fills the array, which would hold an item back until the next ones
 * arrive.) A failed body throws its own error from {@code read}. {@link #close()} may be called from any thread: it
 * cancels the body, releases every buffer, and makes a waiting or later read return the end of the stream.
 */
final class BodyInputStream extends InputStream implements CoreSubscriber<DataBuffer> {

	private static final Object END = new Object();

	private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();

	// one reader at a time; close() takes it only when no read is running, else leaves the release to the reader
	private final ReentrantLock lock = new ReentrantLock();

	private final int readAhead;

	private volatile @Nullable Subscription subscription;

	private volatile boolean closed;

	private @Nullable DataBuffer current;

	private int takenSinceRequest;

	private @Nullable Object terminal;

	/**
	 * Subscribes to {@code body}.
	 * @param body the body; each buffer is released here
	 * @param readAhead how many buffers may be received ahead of the reader (at least 2)
	 */
	BodyInputStream(Publisher<DataBuffer> body, int readAhead) {
		this.readAhead = readAhead;
		body.subscribe(this);
	}

	@Override
	public void onSubscribe(Subscription subscription) {
		this.subscription = subscription;
		if (this.closed) {
			subscription.cancel();
		}
		else {
			subscription.request(this.readAhead);
		}
	}

	@Override
	public void onNext(DataBuffer buffer) {
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
			DataBuffer buffer = next();
			if (buffer == null) {
				return -1;
			}
			int read = Math.min(length, buffer.readableByteCount());
			buffer.read(bytes, offset, read);
			if (buffer.readableByteCount() == 0) {
				this.current = null;
				DataBufferUtils.release(buffer);
			}
			return read;
		}
		finally {
			this.lock.unlock();
		}
	}

	// The buffer to read from, waiting for one if need be; null at the end (or once closed).
	private @Nullable DataBuffer next() throws InterruptedIOException {
		while (this.current == null) {
			if (this.closed) {
				releaseQueued();
				return null;
			}
			if (this.terminal != null) {
				if (this.terminal == END) {
					return null;
				}
				throw Exceptions.propagate((Throwable) this.terminal);
			}
			Object next;
			try {
				next = this.queue.take();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new InterruptedIOException("interrupted while waiting for the body");
			}
			if (next instanceof DataBuffer buffer) {
				this.current = buffer;
				// ask for more once half of what was asked for is taken: the body keeps coming while it is read
				if (++this.takenSinceRequest >= this.readAhead / 2) {
					Subscription subscription = this.subscription;
					if (subscription != null) {
						subscription.request(this.takenSinceRequest);
					}
					this.takenSinceRequest = 0;
				}
			}
			else {
				this.terminal = next;
			}
		}
		if (this.closed) {
			DataBufferUtils.release(this.current);
			this.current = null;
			return next();
		}
		return this.current;
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
