"""Runs inside the sandbox: forwards TCP connections on 127.0.0.1:PORT to a Unix socket.

Standard library only (it runs with the agent's Python). Usage: forwarder.py PORT SOCKET [PORT SOCKET ...]
"""

import socket
import sys
import threading


def pipe(src: socket.socket, dst: socket.socket) -> None:
    try:
        while chunk := src.recv(65536):
            dst.sendall(chunk)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def serve(port: int, path: str) -> None:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(64)
    while True:
        client, _ = listener.accept()
        upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            upstream.connect(path)
        except OSError:
            client.close()
            continue
        threading.Thread(target=pipe, args=(client, upstream), daemon=True).start()
        threading.Thread(target=pipe, args=(upstream, client), daemon=True).start()


if __name__ == "__main__":
    args = sys.argv[1:]
    threads = [threading.Thread(target=serve, args=(int(args[i]), args[i + 1]), daemon=True) for i in range(0, len(args), 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
