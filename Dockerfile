FROM python:3.11-slim

# SECRET_KEY_REQUIRED: the container takes its key from the environment (docker-compose.yml
# requires one) and never generates or reads a key file under var/.
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    STATIC_ROOT=/app/staticfiles SECRET_KEY_REQUIRED=1
WORKDIR /app

# The server set: a container uses the PostgreSQL of DATABASE_URL, never the embedded one
# (pgserver, which requirements.txt adds for laptops).
COPY requirements-server.txt .
RUN pip install -r requirements-server.txt

# .dockerignore keeps a laptop's .venv, var/ (embedded database, key), .git and caches out.
COPY . .
# collectstatic reads settings, which need a database URL and a key; neither is used here.
RUN DATABASE_URL=postgres://build@localhost/build \
    SECRET_KEY=collectstatic-only-not-a-real-key-000000000000000000000000 \
    python manage.py collectstatic --noinput --verbosity 0

RUN useradd --create-home app
USER app
EXPOSE 8000
CMD ["sh", "-c", "python -m config.createdb && python manage.py migrate --noinput && gunicorn config.wsgi --bind 0.0.0.0:8000 --workers ${WORKERS:-3} --timeout ${GUNICORN_TIMEOUT:-30} --access-logfile -"]
