# OCOP assistant: python bot.py in long-polling mode (or webhook when WEBHOOK_URL is set).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DATABASE_PATH=/data/ocop.sqlite3 \
    WEB_LISTEN=0.0.0.0 \
    WEB_PORT=8080

WORKDIR /app

# Dependencies first, exactly as locked (versions and hashes): this layer is rebuilt only when
# requirements.lock changes. Regenerate it after changing pyproject.toml's dependencies:
#   pip-compile --generate-hashes --no-emit-index-url --strip-extras --output-file requirements.lock pyproject.toml
COPY requirements.lock ./
RUN pip install --require-hashes --no-deps -r requirements.lock

COPY . .
RUN pybabel compile -d locales -D messages --statistics \
    && useradd --create-home --uid 10001 ocop \
    && mkdir -p /data && chown ocop:ocop /data

USER ocop
# Build matplotlib's font cache now, not on the first chart a user asks for.
RUN python -c "import matplotlib.font_manager"
VOLUME ["/data"]
# The officers' desk (HTTP); put an https reverse proxy in front of it for WEB_PUBLIC_URL.
EXPOSE 8080

HEALTHCHECK --interval=60s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "-m", "core.health"]

CMD ["python", "bot.py"]
