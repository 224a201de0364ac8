FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    STATIC_ROOT=/app/staticfiles
WORKDIR /app

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# collectstatic reads settings, which need a database URL and a key; neither is used here.
RUN DATABASE_URL=postgres://build@localhost/build \
    SECRET_KEY=collectstatic-only-not-a-real-key-000000000000000000000000 \
    python manage.py collectstatic --noinput --verbosity 0

RUN useradd --create-home app && mkdir -p /app/var && chown app /app/var
USER app
EXPOSE 8000
CMD ["sh", "-c", "python -m config.createdb && python manage.py migrate --noinput && gunicorn config.wsgi --bind 0.0.0.0:8000 --workers ${WORKERS:-3} --timeout ${GUNICORN_TIMEOUT:-30} --access-logfile -"]
